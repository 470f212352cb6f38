package dev.jbcachefs.fs;

import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * The library's front door for reading files: opens a filesystem read-only and returns the view of its
 * root subvolume (1); other subvolumes are reached with {@link FsView#subvolume(long)} or by walking
 * into subvolume entries. Closing the view closes the devices.
 */
public final class Bcachefs {
    /** The subvolume every bcachefs filesystem starts with, whose root is "/". */
    public static final long ROOT_SUBVOL = 1;

    private Bcachefs() {}

    public static FsView open(List<Path> devices, OpenOptions opts) {
        return open(devices, opts, ROOT_SUBVOL);
    }

    /** Opens the filesystem and returns the view of subvolume {@code subvol}. */
    public static FsView open(List<Path> devices, OpenOptions opts, long subvol) {
        BchFs fs = BchFs.open(devices, opts);
        try {
            return new SubvolView(new FsContext(fs), subvol);
        } catch (RuntimeException e) {
            fs.close();
            throw e;
        }
    }

    /** A view of subvolume {@code subvol} of an already opened filesystem (closing it closes {@code fs}). */
    public static FsView view(BchFs fs, long subvol) {
        return new SubvolView(new FsContext(fs), subvol);
    }
}
