package dev.gale.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/** A route's capture groups in one request's path, percent-decoded when read. */
final class PathArguments {
    private final CompiledRoute route;
    private Matcher match;

    /** @param match the match of the path, or null for a plain-text route, matched only if a group is asked for */
    PathArguments(CompiledRoute route, Matcher match) {
        this.route = route;
        this.match = match;
    }

    /** The decoded text of capture group {@code group}, numbered from 1; empty when an optional group did not match. */
    String get(int group) {
        int groups = match().groupCount();
        if (group < 1 || group > groups) {
            throw new IllegalArgumentException("The route has " + groups + " capture groups, not a group " + group);
        }
        return decode(match().group(group));
    }

    String get(String name) {
        return decode(match().group(name));
    }

    List<String> all() {
        List<String> args = new ArrayList<>(match().groupCount());
        for (int i = 1; i <= match().groupCount(); i++) {
            args.add(decode(match().group(i)));
        }
        return args;
    }

    /** Capture group {@code group} as sent, not decoded. */
    String raw(int group) {
        String raw = match().group(group);
        return raw == null ? "" : raw;
    }

    /** The match of the path; a plain-text route's is made when first asked for, as requests rarely do. */
    private Matcher match() {
        if (match == null) {
            match = route.literalMatch();
        }
        return match;
    }

    private static String decode(String raw) {
        return raw == null ? "" : PercentDecoder.decodePath(raw);
    }
}
