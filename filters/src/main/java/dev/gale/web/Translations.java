package dev.gale.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Translations in Tornado's own format, so a team moving from Tornado keeps its files: one CSV file per locale
 * ({@code zh_CN.csv}), each row {@code "message","translation"} with an optional third column {@code plural} or
 * {@code singular}.
 */
final class Translations {
    private static final Pattern CODE = Pattern.compile("[a-z]{2,3}(_[A-Z]{2})?");

    private final Map<String, Translation> byCode;
    private final Map<String, Translation> byLanguage;
    private final Translation fallback;
    /** The directory to read again when its files change (debug mode), else null. */
    private final Path reloadFrom;

    private final String readState;

    private Translations(Map<String, Translation> byCode, String defaultCode) {
        this(byCode, defaultCode, null, "");
    }

    private Translations(Map<String, Translation> byCode, String defaultCode, Path reloadFrom, String readState) {
        this.reloadFrom = reloadFrom;
        this.readState = readState;
        this.byCode = Map.copyOf(byCode);
        this.fallback = byCode.getOrDefault(defaultCode, new Translation(defaultCode, Map.of()));
        Map<String, Translation> languages = new HashMap<>();
        languages.put(language(defaultCode), fallback);
        byCode.values().forEach(t -> languages.putIfAbsent(language(t.code()), t));
        this.byLanguage = Map.copyOf(languages);
    }

    /** No translations: every message stays as written, in {@code defaultCode}. */
    public static Translations none(String defaultCode) {
        return new Translations(Map.of(), defaultCode);
    }

    /**
     * Reads every {@code CODE.csv} in {@code directory}.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed one
     */
    public static Translations load(Path directory, String defaultCode) {
        return new Translations(read(directory), defaultCode);
    }

    /**
     * As {@link #load(Path, String)}, and read again on the next lookup after a file in {@code directory} changes,
     * appears or goes, as templates are without {@code compiled_template_cache}.
     */
    public static Translations loadReloading(Path directory, String defaultCode) {
        String state = state(directory);
        return new Translations(read(directory), defaultCode, directory, state);
    }

    private static Map<String, Translation> read(Path directory) {
        Map<String, Translation> byCode = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".csv"))
                    .sorted()
                    .toList()) {
                String name = file.getFileName().toString();
                String code = name.substring(0, name.length() - 4);
                if (!CODE.matcher(code).matches()) {
                    throw new IllegalArgumentException(file + ": the name is not a locale code such as zh_CN.csv");
                }
                byCode.put(code, read(file, code));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("translations_path: cannot read " + directory + ": " + e, e);
        }
        return byCode;
    }

    /** The names, sizes and times of the CSV files in {@code directory}: what an edit changes. */
    private static String state(Path directory) {
        StringBuilder state = new StringBuilder();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".csv"))
                    .sorted()
                    .toList()) {
                state.append(file.getFileName())
                        .append(' ')
                        .append(Files.size(file))
                        .append(' ')
                        .append(Files.getLastModifiedTime(file).toMillis())
                        .append('\n');
            }
        } catch (IOException e) {
            state.append(e);
        }
        return state.toString();
    }

    /** These translations, or, when they reload and a file changed since they were read, the files read again. */
    public Translations reloaded() {
        if (reloadFrom == null) {
            return this;
        }
        String state = state(reloadFrom);
        return state.equals(readState) ? this : new Translations(read(reloadFrom), fallback.code(), reloadFrom, state);
    }

    /** The default locale's strings. */
    public Translation fallback() {
        return fallback;
    }

    /** The locale with this code, or the closest by language (zh for zh_TW), or the default. */
    public Translation get(String code) {
        Optional<Translation> match = closest(code);
        return match.orElse(fallback);
    }

    /**
     * The locale the client prefers among these: the {@code Accept-Language} range with the highest non-zero q that
     * matches one (first in the header on a tie); the default when none matches or the header is absent or malformed.
     */
    public Translation forAcceptLanguage(String header) {
        if (header == null || header.isBlank()) {
            return fallback;
        }
        Translation best = null;
        double bestQ = 0;
        for (String range : header.split(",")) {
            String[] parts = range.strip().split(";");
            if (parts.length == 0) {
                continue;
            }
            double q = quality(parts);
            if (q > bestQ) {
                Optional<Translation> match = closest(parts[0].strip());
                if (match.isPresent()) {
                    best = match.get();
                    bestQ = q;
                }
            }
        }
        return best != null ? best : fallback;
    }

    private Optional<Translation> closest(String tag) {
        if (tag.isEmpty() || tag.equals("*") || tag.length() > 35) {
            return Optional.empty();
        }
        String[] parts = tag.replace('-', '_').split("_");
        String language = parts[0].toLowerCase(Locale.ROOT);
        if (parts.length > 1) {
            Translation exact = byCode.get(language + "_" + parts[1].toUpperCase(Locale.ROOT));
            if (exact != null) {
                return Optional.of(exact);
            }
        }
        return Optional.ofNullable(byLanguage.get(language));
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].strip();
            if (param.startsWith("q=")) {
                try {
                    double q = Double.parseDouble(param.substring(2));
                    return q >= 0 && q <= 1 ? q : 0;
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    private static String language(String code) {
        int underscore = code.indexOf('_');
        return underscore < 0 ? code : code.substring(0, underscore);
    }

    private static Translation read(Path file, String code) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<List<String>> rows;
        try {
            rows = CsvReader.rows(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        Map<String, Map<String, String>> forms = new HashMap<>();
        int index = 0;
        for (List<String> row : rows) {
            index++;
            if (row.size() < 2) {
                throw new IllegalArgumentException(file + ": row " + index + " needs a message and its translation");
            }
            String form = row.size() > 2 && !row.get(2).isBlank() ? row.get(2).strip() : "unknown";
            if (!List.of("plural", "singular", "unknown").contains(form)) {
                throw new IllegalArgumentException(
                        file + ": row " + index + ": \"" + form + "\" is not plural, singular or unknown");
            }
            forms.computeIfAbsent(form, k -> new HashMap<>()).put(row.get(0), row.get(1));
        }
        return new Translation(code, forms);
    }

    /** The locale codes with translations and the default's, sorted, as Tornado's {@code get_supported_locales}. */
    public List<String> codes() {
        TreeSet<String> codes = new TreeSet<>(byCode.keySet());
        codes.add(fallback.code());
        return List.copyOf(codes);
    }
}
