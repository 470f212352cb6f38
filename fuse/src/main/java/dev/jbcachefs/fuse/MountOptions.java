package dev.jbcachefs.fuse;

/**
 * How a filesystem is mounted: the name shown as the mount's source ({@code fsname}), whether other users
 * may enter it ({@code allow_other}), whether the kernel checks permissions from the mode bits
 * ({@code default_permissions}, on by default) and how many worker threads read {@code /dev/fuse}.
 */
public record MountOptions(String fsname, boolean allowOther, boolean defaultPermissions, int threads) {
    public static final MountOptions DEFAULTS = new MountOptions("jbcachefs", false, true, 4);

    public MountOptions {
        if (fsname == null || fsname.isEmpty() || fsname.indexOf(',') >= 0 || fsname.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("fsname must be non-empty without ',' or newlines: " + fsname);
        }
        if (threads < 1 || threads > 64) throw new IllegalArgumentException("threads must be 1..64: " + threads);
    }

    public MountOptions withFsname(String n) {
        return new MountOptions(n, allowOther, defaultPermissions, threads);
    }

    public MountOptions withAllowOther(boolean a) {
        return new MountOptions(fsname, a, defaultPermissions, threads);
    }

    public MountOptions withDefaultPermissions(boolean d) {
        return new MountOptions(fsname, allowOther, d, threads);
    }

    public MountOptions withThreads(int t) {
        return new MountOptions(fsname, allowOther, defaultPermissions, t);
    }
}
