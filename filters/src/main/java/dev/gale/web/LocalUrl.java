package dev.gale.web;

/**
 * The one rule for a URL on this site: a path that starts with one {@code /} and holds no backslash, space or
 * control character. {@code //evil} and {@code /\evil} are other hosts to a browser, so they are not local.
 */
final class LocalUrl {
    private LocalUrl() {}

    static boolean isLocal(String url) {
        return url != null
                && url.startsWith("/")
                && !url.startsWith("//")
                && url.indexOf('\\') < 0
                && url.chars().noneMatch(c -> c < 0x21 || c == 0x7f);
    }
}
