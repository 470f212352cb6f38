package dev.jbcachefs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The host side of an extraction: the metadata calls Java offers on a Linux path (mode with the
 * setuid/setgid/sticky bits, owner, access/modification times, {@code user.*} xattrs), all applied without
 * following symlinks. Kept apart from the tree walk so the walk reads like the list of what is reproduced.
 */
final class HostAttrs {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private HostAttrs() {}

    /** Whether this process runs as root (may chown and set any owner). */
    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (Exception e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** chmod with all 12 permission bits (not for symlinks: Linux has no lchmod). */
    static void setMode(Path p, int mode) throws IOException {
        Files.setAttribute(p, "unix:mode", mode & 07777, NOFOLLOW);
    }

    /** lchown. */
    static void setOwner(Path p, long uid, long gid) throws IOException {
        Files.setAttribute(p, "unix:uid", (int) uid, NOFOLLOW);
        Files.setAttribute(p, "unix:gid", (int) gid, NOFOLLOW);
    }

    /** Access and modification times, nanoseconds since the epoch (the symlink's own for a symlink). */
    static void setTimes(Path p, long atimeNs, long mtimeNs) throws IOException {
        BasicFileAttributeView v = Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW);
        v.setTimes(FileTime.from(mtimeNs, TimeUnit.NANOSECONDS), FileTime.from(atimeNs, TimeUnit.NANOSECONDS), null);
    }

    /** Sets {@code user.NAME} (name given without the {@code user.} prefix); empty values included. */
    static void setUserXattr(Path p, String nameWithoutPrefix, byte[] value) throws IOException {
        UserDefinedFileAttributeView v = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, NOFOLLOW);
        if (v == null) throw new IOException("user xattrs not supported on " + p);
        v.write(nameWithoutPrefix, ByteBuffer.wrap(value));
    }
}
