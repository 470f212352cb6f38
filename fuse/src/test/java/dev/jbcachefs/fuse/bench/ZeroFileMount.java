package dev.jbcachefs.fuse.bench;

import dev.jbcachefs.fuse.FuseMount;
import dev.jbcachefs.fuse.MountOptions;
import java.nio.file.Path;

/**
 * {@code ZeroFileMount SIZE MOUNTPOINT}: mounts {@link ZeroFileFs} (one file {@code zeros} of SIZE bytes)
 * with the default mount options, prints {@code ready} and serves until unmounted.
 */
public final class ZeroFileMount {
    private ZeroFileMount() {}

    public static void main(String[] args) throws Exception {
        try (ZeroFileFs fs = new ZeroFileFs(Long.parseLong(args[0]));
             FuseMount m = FuseMount.mount(fs, Path.of(args[1]), MountOptions.DEFAULTS.withFsname("zerofile"))) {
            System.out.println("ready");
            System.out.flush();
            m.awaitUnmount();
        }
    }
}
