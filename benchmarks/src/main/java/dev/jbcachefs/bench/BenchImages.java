package dev.jbcachefs.bench;

import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the reference images for the benchmarks. JMH runs each benchmark in a forked JVM that does not
 * inherit the launcher's system properties, so the fixture and scratch directories may also come from the
 * environment ({@code JBCACHEFS_FIXTURES}, {@code JBCACHEFS_SCRATCH}), which forks do inherit; without
 * either, {@link Fixtures}' defaults relative to the working directory apply. Images are decompressed
 * once into the scratch directory by {@link Fixtures}.
 */
public final class BenchImages {
    private BenchImages() {}

    /** The device files of reference image {@code name} (decompressed on first use). */
    public static List<Path> devices(String name) {
        init();
        return Fixtures.devices(name);
    }

    private static synchronized void init() {
        copyEnv("JBCACHEFS_FIXTURES", "jbcachefs.fixtures");
        copyEnv("JBCACHEFS_SCRATCH", "jbcachefs.scratch");
    }

    private static void copyEnv(String env, String prop) {
        String v = System.getenv(env);
        if (System.getProperty(prop) == null && v != null && !v.isEmpty()) System.setProperty(prop, v);
    }
}
