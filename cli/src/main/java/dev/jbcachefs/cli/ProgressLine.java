package dev.jbcachefs.cli;

import java.io.PrintWriter;
import dev.jbcachefs.util.Sizes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The {@code \r}-updated progress line of a long-running command on stderr (files, bytes, rate). It shows
 * only when stderr is a terminal or once the run has lasted longer than {@link #QUIET_NANOS}, so short
 * runs and scripts see nothing but the summary; updates are throttled so that printing never costs
 * measurable time.
 */
final class ProgressLine {
    static final long QUIET_NANOS = 2_000_000_000L;
    static final long INTERVAL_NANOS = 250_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private final LongSupplier clock;
    private final long start;
    private long last;
    private int shownLength = -1;

    ProgressLine(PrintWriter err, boolean terminal, LongSupplier clock) {
        this.err = err;
        this.terminal = terminal;
        this.clock = clock;
        this.start = clock.getAsLong();
        this.last = start;
    }

    /** A progress line for this process's stderr. */
    static ProgressLine forStderr(PrintWriter err) {
        return new ProgressLine(err, stderrIsTerminal(), System::nanoTime);
    }

    /** Whether fd 2 is a terminal (Linux: /proc/self/fd/2 points at a tty). */
    static boolean stderrIsTerminal() {
        try {
            String t = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty") || t.equals("/dev/console");
        } catch (Exception e) {
            return false;
        }
    }

    /** Offers the current counts; prints them when due. */
    void update(long files, long bytes) {
        long now = clock.getAsLong();
        if (now - last < INTERVAL_NANOS) return;
        if (!terminal && now - start < QUIET_NANOS) return;
        last = now;
        double secs = Math.max(1e-9, (now - start) / 1e9);
        String line = String.format(Locale.ROOT, "%d files, %s, %s/s", files, Sizes.human(bytes), Sizes.human((long) (bytes / secs)));
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < shownLength; i++) sb.append(' ');
        err.print(sb);
        err.flush();
        shownLength = line.length();
    }

    /** Whether a progress line has been printed. */
    boolean shown() {
        return shownLength >= 0;
    }

    /** Ends the progress line: erased on a terminal, ended with a newline in a log. */
    void finish() {
        if (!shown()) return;
        if (terminal) err.print("\r" + " ".repeat(shownLength) + "\r");
        else err.println();
        err.flush();
        shownLength = -1;
    }
}
