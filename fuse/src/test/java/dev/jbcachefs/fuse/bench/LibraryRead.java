package dev.jbcachefs.fuse.bench;

import dev.jbcachefs.fs.Bcachefs;
import dev.jbcachefs.fs.FsView;
import dev.jbcachefs.init.OpenOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code LibraryRead IMG PATH [ROUNDS]}: reads PATH of the image through {@link FsView#read} in 1 MiB
 * requests (what the mount asks for), ROUNDS times (default 3) in one JVM, and prints
 * {@code round N: BYTES bytes in MS ms = MB/s} per round; the last round is the warm figure.
 */
public final class LibraryRead {
    private LibraryRead() {}

    public static void main(String[] args) {
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (FsView fs = Bcachefs.open(List.of(Path.of(args[0])), OpenOptions.DEFAULTS)) {
            long ino = fs.lookup(args[1]);
            byte[] buf = new byte[1 << 20];
            for (int r = 1; r <= rounds; r++) {
                long t0 = System.nanoTime(), total = 0;
                for (int n; (n = fs.read(ino, total, buf, 0, buf.length)) > 0; ) total += n;
                long ns = System.nanoTime() - t0;
                System.out.printf("round %d: %d bytes in %.1f ms = %.0f MB/s%n", r, total, ns / 1e6, total * 1e3 / ns);
            }
        }
    }
}
