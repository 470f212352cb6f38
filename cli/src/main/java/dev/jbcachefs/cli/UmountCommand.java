package dev.jbcachefs.cli;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.fuse.FuseMount;
import dev.jbcachefs.fuse.Mounts;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jbcachefs umount}: ends a {@code jbcachefs mount} ({@code umount2}, lazily when busy). The daemon
 * serving it sees the connection end, closes the filesystem and exits. Refuses mount points that are not
 * jbcachefs FUSE mounts, so it cannot unmount something else by mistake; plain {@code umount} works too.
 */
@Command(name = "umount", description = "Unmount a filesystem mounted with jbcachefs mount.")
final class UmountCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MOUNTPOINT")
    Path mountpoint;

    @Override
    public Integer call() throws InterruptedException {
        Path mp = mountpoint.toAbsolutePath().normalize();
        if (!Mounts.isMountPoint(mp)) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, mp + " is not a mount point");
        String type = Mounts.fsType(mp);
        if (!"fuse.jbcachefs".equals(type)) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, mp + " is a " + type + " mount, not a jbcachefs one: use umount");
        FuseMount.umount(mp);
        for (int i = 0; i < 50 && Mounts.isMountPoint(mp); i++) Thread.sleep(100);
        return 0;
    }
}
