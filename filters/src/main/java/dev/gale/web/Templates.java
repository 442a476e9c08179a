package dev.gale.web;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.MustacheFactory;
import com.github.mustachejava.MustacheNotFoundException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;

/**
 * Mustache templates from {@code template_path}, rendered with mustache.java: {@code {{name}}} is HTML-escaped,
 * {@code {{{name}}}} is not. With {@code compiled_template_cache} a template is compiled once; without, it is read
 * again on every render, so edits show on the next request.
 */
final class Templates {
    private final Path directory;
    private final MustacheFactory cached;

    /** The templates under {@code directory}, compiled once each when {@code cache} is on. */
    public Templates(Path directory, boolean cache) {
        this.directory = directory;
        this.cached = cache ? new DefaultMustacheFactory(directory.toFile()) : null;
    }

    public Path directory() {
        return directory;
    }

    /**
     * Renders template {@code name} (a path under the directory, such as {@code home.mustache}).
     *
     * @param scopes where names are looked up, the last first: helpers, then the handler's model
     * @throws com.github.mustachejava.MustacheException naming the template (and line) when it is missing or broken
     */
    public String render(String name, List<Object> scopes) {
        StringWriter out = new StringWriter();
        render(name, scopes, out);
        return out.toString();
    }

    /** As {@link #render(String, List)}, writing to {@code out}, which holds part of the page when this throws. */
    public void render(String name, List<Object> scopes, Writer out) {
        MustacheFactory factory = cached != null ? cached : new DefaultMustacheFactory(directory.toFile());
        Mustache template;
        try {
            template = factory.compile(name);
        } catch (MustacheNotFoundException e) {
            throw new MustacheException(e.getMessage() + " in " + directory.toAbsolutePath() + " (template_path)", e);
        }
        template.execute(out, scopes);
    }
}
