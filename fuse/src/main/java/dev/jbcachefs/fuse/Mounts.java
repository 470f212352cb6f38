package dev.jbcachefs.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads {@code /proc/self/mountinfo} to tell whether a directory is a mount point (field 5, with the
 * kernel's octal escapes for space, tab, newline and backslash undone).
 */
public final class Mounts {
    private Mounts() {}

    /** Whether {@code dir} (absolute, normalized) is the mount point of some mount in this namespace. */
    public static boolean isMountPoint(Path dir) {
        String want = dir.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && unescape(f[4]).equals(want)) return true;
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** The fstype field of the mount at {@code dir}, or null. */
    public static String fsType(Path dir) {
        String want = dir.toAbsolutePath().normalize().toString();
        String found = null;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
                String[] f = line.split(" ");
                if (f.length > 4 && unescape(f[4]).equals(want)) {
                    for (int i = 5; i < f.length - 1; i++) {
                        if (f[i].equals("-")) found = f[i + 1];
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return found;
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 4 <= s.length()) {
                try {
                    b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                    i += 3;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape
                }
            }
            b.append(c);
        }
        return b.toString();
    }
}
