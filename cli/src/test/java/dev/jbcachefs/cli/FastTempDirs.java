package dev.jbcachefs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories for extraction tests on {@code /dev/shm} (tmpfs) when it is writable: extracting
 * a thousand small files onto a slow disk costs seconds per image, and tmpfs keeps holes and user xattrs
 * like a disk filesystem does. Falls back to the default temporary directory.
 */
public final class FastTempDirs implements TempDirFactory {
    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            try {
                return Files.createTempDirectory(shm, "jbcachefs-test-");
            } catch (IOException e) {
                // fall through to the default location
            }
        }
        return Files.createTempDirectory("jbcachefs-test-");
    }
}
