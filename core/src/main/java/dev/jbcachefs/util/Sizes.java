package dev.jbcachefs.util;

import java.util.Locale;

/**
 * Byte counts as people read them in progress lines and summaries ({@code 1.5 MiB}): one formatter for
 * every verb, so {@code format}, {@code extract} and the progress line agree.
 */
public final class Sizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {}

    /** {@code 1.5 MiB}-style size; plain bytes below 1 KiB. */
    public static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[u]);
    }
}
