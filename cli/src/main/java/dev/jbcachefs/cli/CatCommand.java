package dev.jbcachefs.cli;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.fs.FileStat;
import dev.jbcachefs.fs.FsView;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code jbcachefs cat}: writes a file's bytes to stdout, streamed in 1 MiB chunks so files of any size
 * pass through bounded memory. Holes come out as zeros; a symlink is followed by neither this nor
 * {@code ls}, so catting one prints its target's path bytes as the link's content.
 */
@Command(name = "cat", description = "Write a file of the filesystem to stdout (read-only, without mounting).")
final class CatCommand implements Callable<Integer> {
    static final int CHUNK = 1 << 20;

    @Mixin
    LsCommand.PathArgs pathArgs;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        try (FsView root = pathArgs.open()) {
            String path = pathArgs.path();
            FsView.Node n = root.resolve(path);
            FileStat st = n.stat();
            if (st.isDirectory()) throw LsCommand.isDirectory(path);
            if (st.isSymlink()) {
                byte[] target = n.view().readlink(n.ino());
                out.write(target, 0, target.length);
            } else {
                byte[] buf = new byte[(int) Math.min(CHUNK, Math.max(1, st.size()))];
                long off = 0;
                while (off < st.size()) {
                    int r;
                    try {
                        r = n.view().read(n.ino(), off, buf, 0, (int) Math.min(buf.length, st.size() - off));
                    } catch (BcachefsException e) {
                        // name the file: the data layer only knows the inode
                        throw new BcachefsException(e.code(), path + ": read at byte " + off + " failed: " + e.getMessage(), e);
                    }
                    if (r <= 0) break;
                    out.write(buf, 0, r);
                    off += r;
                }
            }
            out.flush();
            for (String w : root.warnings()) System.err.println("jbcachefs: " + w);
        }
        return 0;
    }
}
