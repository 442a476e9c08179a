package dev.gale.web;

/**
 * Creates the application; the entry point a container uses to find it.
 *
 * <p>List the implementing class in {@code META-INF/services/dev.gale.web.ApplicationProvider}, or name it in the
 * context parameter {@code gale.application}. It needs a public no-argument constructor.
 */
@FunctionalInterface
public interface ApplicationProvider {
    Application create();
}
