package dev.jbcachefs.cli;

import dev.jbcachefs.init.OpenOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every verb that opens a filesystem shares, whatever its positional arguments:
 * {@code --degraded} and where the passphrase of an encrypted filesystem comes from.
 */
final class OpenArgs {
    @Option(names = "--degraded", description = "Open even when devices are missing, reading what the present ones hold.")
    boolean degraded;

    @Mixin
    Passphrase passphrase = new Passphrase();

    OpenOptions options() {
        return OpenOptions.DEFAULTS.withDegraded(degraded).withPassphrase(passphrase::read);
    }
}
