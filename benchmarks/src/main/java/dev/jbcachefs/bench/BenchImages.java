package dev.jbcachefs.bench;

import dev.jbcachefs.init.Format;
import dev.jbcachefs.init.FormatOptions;
import dev.jbcachefs.init.OpenOptions;
import dev.jbcachefs.testkit.Fixtures;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the images for the benchmarks. JMH runs each benchmark in a forked JVM that does not inherit the
 * launcher's system properties, so the fixture and scratch directories may also come from the environment
 * ({@code JBCACHEFS_FIXTURES}, {@code JBCACHEFS_SCRATCH}), which forks do inherit; without either,
 * {@link Fixtures}' defaults relative to the working directory apply. Reference images are decompressed
 * once into the scratch directory by {@link Fixtures}. Images named {@code gen-COMPRESSION} ({@code
 * gen-none}, {@code gen-zstd}, {@code gen-lz4}, {@code gen-gzip}, {@code gen-encrypted}) are not
 * reference images: they are made on first use by our own {@code format --source} from a tree holding one
 * {@value #GEN_FILE_SIZE}-byte compressible text file ({@link #GEN_FILE}), and kept in the scratch
 * directory, so a read benchmark has many MiB of compressed data rather than the reference tree's 2 MiB.
 */
public final class BenchImages {
    /** The file of the generated images. */
    public static final String GEN_FILE = "compressible-64MiB.txt";
    public static final long GEN_FILE_SIZE = 64L << 20;
    /** Bumped when the generated images' recipe changes, so stale ones in the scratch directory are not reused. */
    private static final int GEN_VERSION = 1;
    private static final String PASSPHRASE = "jbcachefs-bench";

    private BenchImages() {}

    /** The device files of image {@code name}: a reference image (decompressed on first use) or a generated one. */
    public static List<Path> devices(String name) {
        init();
        if (name.startsWith("gen-")) return List.of(generated(name.substring(4)));
        return Fixtures.devices(name);
    }

    /** Options to open image {@code name} (the passphrase of an encrypted one). */
    public static OpenOptions options(String name) {
        if (name.equals("gen-encrypted")) return OpenOptions.DEFAULTS.withPassphrase(() -> PASSPHRASE.getBytes(StandardCharsets.UTF_8));
        return Fixtures.options(name);
    }

    /** The name of the file the read benchmark reads on image {@code name}. */
    public static String readFile(String name) {
        return name.startsWith("gen-") ? GEN_FILE : "compressible-2MiB.txt";
    }

    private static synchronized Path generated(String kind) {
        boolean encrypted = kind.equals("encrypted");
        String compression = encrypted ? "none" : kind;
        if (!List.of("none", "zstd", "lz4", "gzip").contains(compression)) throw new IllegalArgumentException("no generated image gen-" + kind);
        Path out = Fixtures.scratch().resolve("bench-gen-" + kind + "-v" + GEN_VERSION + ".img");
        if (Files.exists(out)) return out;
        Path work = Fixtures.scratch().resolve("bench-gen-" + kind + ".work");
        try {
            deleteTree(work);
            Path tree = Files.createDirectories(work.resolve("tree"));
            writeText(tree.resolve(GEN_FILE), GEN_FILE_SIZE);
            Path img = work.resolve("image.img");
            FormatOptions o = new FormatOptions(List.of(new FormatOptions.Device(img, 0, null, 1, true)), GEN_FILE_SIZE * 3, 0, 0,
                    "bench-" + kind, null, compression, null, "crc32c", "crc32c", null, 1, 1, encrypted,
                    encrypted ? PASSPHRASE.getBytes(StandardCharsets.UTF_8) : null, false, tree);
            Format.run(o, s -> { });
            Files.move(img, out, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(work);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot generate benchmark image gen-" + kind, e);
        }
    }

    /** The reference tree's compressible text ({@code line NNNNNN the quick brown fox...}), {@code size} bytes. */
    private static void writeText(Path file, long size) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            long n = 0;
            for (int i = 0; n < size; i++) {
                String line = String.format("line %06d the quick brown fox jumps over the lazy dog%n", i % 1_000_000);
                int take = (int) Math.min(line.length(), size - n);
                w.write(line, 0, take);
                n += take;
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
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
