package dev.gale.web;

import java.io.Writer;

/**
 * Encodes what is written as UTF-8 straight into a {@link ResponseBuffer}, so a rendered template costs no string
 * and no copy of it. A surrogate without its pair becomes {@code ?}, as {@link String#getBytes} makes it.
 */
final class Utf8Writer extends Writer {
    private final ResponseBuffer out;
    private char highSurrogate;

    Utf8Writer(ResponseBuffer out) {
        this.out = out;
    }

    @Override
    public void write(int c) {
        put((char) c);
    }

    @Override
    public void write(char[] chars, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            put(chars[i]);
        }
    }

    @Override
    public void write(String text, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            put(text.charAt(i));
        }
    }

    @Override
    public Writer append(CharSequence text) {
        CharSequence chars = text == null ? "null" : text;
        return append(chars, 0, chars.length());
    }

    @Override
    public Writer append(CharSequence text, int start, int end) {
        CharSequence chars = text == null ? "null" : text;
        for (int i = start; i < end; i++) {
            put(chars.charAt(i));
        }
        return this;
    }

    @Override
    public void flush() {}

    /** Ends the text: a high surrogate still waiting for its pair is written as {@code ?}. */
    @Override
    public void close() {
        if (highSurrogate != 0) {
            out.put('?');
            highSurrogate = 0;
        }
    }

    private void put(char c) {
        if (highSurrogate != 0) {
            char high = highSurrogate;
            highSurrogate = 0;
            if (Character.isLowSurrogate(c)) {
                int codePoint = Character.toCodePoint(high, c);
                out.put(0xF0 | codePoint >> 18);
                out.put(0x80 | (codePoint >> 12 & 0x3F));
                out.put(0x80 | (codePoint >> 6 & 0x3F));
                out.put(0x80 | (codePoint & 0x3F));
                return;
            }
            out.put('?');
        }
        if (c < 0x80) {
            out.put(c);
        } else if (c < 0x800) {
            out.put(0xC0 | c >> 6);
            out.put(0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)) {
            highSurrogate = c;
        } else if (Character.isLowSurrogate(c)) {
            out.put('?');
        } else {
            out.put(0xE0 | c >> 12);
            out.put(0x80 | (c >> 6 & 0x3F));
            out.put(0x80 | (c & 0x3F));
        }
    }
}
