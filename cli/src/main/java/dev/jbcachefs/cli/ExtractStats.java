package dev.jbcachefs.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one extraction did: how many entries of each kind it reproduced, how many bytes it wrote and how
 * many it left as holes, how many files it could not read, and — per category — what it could not
 * reproduce on the host (subvolumes not descended, device nodes, xattrs outside {@code user.*}, owners
 * when not root...). Exists so the summary line and the exit code come from one place, and so embedders
 * get the numbers without parsing text.
 */
public final class ExtractStats {
    long files, dirs, symlinks, hardlinks, bytes, holeBytes, errors;
    boolean ownersSkipped;
    final long startNanos = System.nanoTime();
    private final Map<String, Long> notReproduced = new LinkedHashMap<>();

    public long files() {
        return files;
    }

    public long dirs() {
        return dirs;
    }

    public long symlinks() {
        return symlinks;
    }

    public long hardlinks() {
        return hardlinks;
    }

    /** Bytes of file data written (holes excluded). */
    public long bytes() {
        return bytes;
    }

    /** Bytes of regular files that were holes and were left unwritten. */
    public long holeBytes() {
        return holeBytes;
    }

    /** Entries that could not be read (or written) at all or only in part. */
    public long errors() {
        return errors;
    }

    /** Whether uid/gid were left as the extracting user's (not running as root). */
    public boolean ownersSkipped() {
        return ownersSkipped;
    }

    /** Count per category of what was not reproduced, in first-seen order. */
    public Map<String, Long> notReproduced() {
        return Map.copyOf(notReproduced);
    }

    public long notReproduced(String category) {
        return notReproduced.getOrDefault(category, 0L);
    }

    void skip(String category) {
        notReproduced.merge(category, 1L, Long::sum);
    }

    /** The one-line summary printed at the end of {@code extract}. */
    public String summary() {
        double secs = (System.nanoTime() - startNanos) / 1e9;
        StringBuilder sb = new StringBuilder(160);
        sb.append("extracted ").append(files).append(files == 1 ? " file, " : " files, ")
                .append(dirs).append(dirs == 1 ? " dir, " : " dirs, ")
                .append(symlinks).append(symlinks == 1 ? " symlink, " : " symlinks, ")
                .append(hardlinks).append(hardlinks == 1 ? " hard link, " : " hard links, ")
                .append(bytes).append(" bytes (").append(dev.jbcachefs.util.Sizes.human(bytes)).append("), ")
                .append(holeBytes).append(" bytes of holes skipped, in ").append(String.format("%.1f s", secs));
        if (errors > 0) sb.append("; ").append(errors).append(errors == 1 ? " error" : " errors");
        StringBuilder nr = new StringBuilder();
        for (Map.Entry<String, Long> e : notReproduced.entrySet()) {
            if (!nr.isEmpty()) nr.append(", ");
            nr.append(e.getValue()).append(' ').append(e.getKey());
        }
        if (ownersSkipped) {
            if (!nr.isEmpty()) nr.append(", ");
            nr.append("owners (not running as root)");
        }
        sb.append("; not reproduced: ").append(nr.isEmpty() ? "nothing" : nr);
        return sb.toString();
    }
}
