package dev.jbcachefs.cli;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.fs.FsView;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens the file-level view of a filesystem for the verbs that read files ({@code extract}): the one place
 * that knows which {@link FsView} implementation backs them, so the verbs stay written against the
 * interface.
 */
final class FsOpener {
    /** An opened filesystem: its root-subvolume view, the warnings of opening it, and how to close it. */
    interface Opened extends AutoCloseable {
        FsView view();

        List<String> warnings();

        @Override
        void close();
    }

    private FsOpener() {}

    static Opened open(List<Path> devices, OpenOptions options) {
        BchFs.open(devices, options).close();
        throw new BcachefsException(ErrorCode.UNSUPPORTED, "reading files is not available in this build");
    }
}
