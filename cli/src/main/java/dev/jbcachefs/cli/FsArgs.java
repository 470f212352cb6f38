package dev.jbcachefs.cli;

import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * The device arguments every verb that opens a filesystem shares: devices as separate arguments or
 * joined with ':' (upstream's {@code dev0:dev1}), {@code --degraded}, and where the passphrase comes from.
 */
final class FsArgs {
    @Parameters(arity = "1..*", paramLabel = "DEV", description = "Devices or image files of the filesystem (several as separate arguments or DEV0:DEV1).")
    List<String> devices = new ArrayList<>();

    @Mixin
    OpenArgs open = new OpenArgs();

    /** The device paths, with {@code a:b} arguments split. */
    List<Path> paths() {
        return paths(devices);
    }

    static List<Path> paths(List<String> devices) {
        List<Path> out = new ArrayList<>();
        for (String d : devices) {
            for (String p : d.split(":")) {
                if (!p.isEmpty()) out.add(Path.of(p));
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no device given");
        return out;
    }

    OpenOptions options() {
        return open.options();
    }

    BchFs open() {
        return BchFs.open(paths(), options());
    }
}
