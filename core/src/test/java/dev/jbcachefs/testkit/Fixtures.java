package dev.jbcachefs.testkit;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Access to the upstream reference images in {@code ../shared/fixtures/bcachefs-1.36}: images are
 * decompressed once into a scratch directory ({@code target/fixtures}) and reused; the originals are
 * never touched. Tests that need a writable image copy it first with {@link #copy}.
 */
public final class Fixtures {
    /** Every public reference image (replicas2 counts as one image of two devices). */
    public static final List<String> IMAGES = List.of("default", "zstd", "lz4", "gzip", "crc64", "encrypted", "replicas2", "snapshot", "dirty-journal");

    private Fixtures() {}

    /** Runs the fixtures' {@code make-tree.sh} into {@code tree} (umask 022): the reference source tree. */
    public static Path makeTree(Path tree) throws java.io.IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", "umask 022 && bash \"$0\" \"$1\"", dir().resolve("make-tree.sh").toString(), tree.toString())
                .inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("make-tree.sh failed for " + tree);
        return tree;
    }

    public static Path dir() {
        String p = System.getProperty("jbcachefs.fixtures");
        Path d = p != null ? Path.of(p) : Path.of("../shared/fixtures/bcachefs-1.36");
        if (!Files.isDirectory(d)) {
            // tests run from a module directory: try one level further up
            Path alt = Path.of("../../shared/fixtures/bcachefs-1.36");
            if (Files.isDirectory(alt)) return alt.toAbsolutePath().normalize();
        }
        return d.toAbsolutePath().normalize();
    }

    public static Path scratch() {
        String p = System.getProperty("jbcachefs.scratch");
        Path d = p != null ? Path.of(p) : Path.of("target/fixtures");
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d.toAbsolutePath().normalize();
    }

    /** The device files of an image: one path, or two for replicas2. */
    public static List<Path> devices(String image) {
        if (image.equals("replicas2")) return List.of(imageFile("replicas2-dev0"), imageFile("replicas2-dev1"));
        return List.of(imageFile(image));
    }

    /** The decompressed image file {@code NAME.img} (decompressed on first use). */
    public static synchronized Path imageFile(String name) {
        Path out = scratch().resolve(name + ".img");
        if (Files.exists(out)) return out;
        Path src = dir().resolve(name + ".img.zst");
        Path tmp = scratch().resolve(name + ".img.tmp");
        try (InputStream in = new ZstdInputStream(Files.newInputStream(src))) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decompress " + src, e);
        }
        return out;
    }

    /** A fresh writable copy of an image device, for tests that damage it. */
    public static Path copy(String name, Path dir) {
        try {
            Path out = dir.resolve(name + ".img");
            Files.copy(imageFile(name), out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text of a file in {@code outputs/}, decompressing {@code .zst} files. */
    public static String output(String file) {
        Path p = dir().resolve("outputs").resolve(file);
        try (InputStream in = file.endsWith(".zst") ? new ZstdInputStream(Files.newInputStream(p)) : Files.newInputStream(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    /** Options to open an image: with the fixture passphrase for {@code encrypted}. */
    public static dev.jbcachefs.init.OpenOptions options(String image) {
        dev.jbcachefs.init.OpenOptions o = dev.jbcachefs.init.OpenOptions.DEFAULTS;
        return image.equals("encrypted") ? o.withPassphrase(() -> passphrase().getBytes(java.nio.charset.StandardCharsets.UTF_8)) : o;
    }

    public static String passphrase() {
        try {
            return Files.readString(dir().resolve("passphrase.txt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
