package dev.gale.e2e;

/** Escapes text for the XML configuration files the tests write. */
final class Xml {
    private Xml() {}

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
