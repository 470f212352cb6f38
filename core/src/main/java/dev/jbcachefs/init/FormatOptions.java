package dev.jbcachefs.init;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * What {@code jbcachefs format} was asked to make, with upstream's option names: 0 or null means "choose
 * as upstream does". Sizes are in bytes. Compression options are upstream's strings ({@code zstd},
 * {@code lz4:3}, {@code none}); checksum and str_hash options likewise.
 */
public record FormatOptions(
        List<Device> devices,
        long fsSize,
        int blockSize,
        int btreeNodeSize,
        String fsLabel,
        UUID uuid,
        String compression,
        String backgroundCompression,
        String dataChecksum,
        String metadataChecksum,
        String strHash,
        int dataReplicas,
        int metadataReplicas,
        boolean encrypted,
        byte[] passphrase,
        boolean force,
        Path source) {

    /** One device: its path, per-device bucket size, label, durability and discard. */
    public record Device(Path path, long bucketSize, String label, int durability, boolean discard) {}

    public FormatOptions {
        devices = List.copyOf(devices);
        passphrase = passphrase == null ? null : passphrase.clone();
    }

    @Override
    public byte[] passphrase() {
        return passphrase == null ? null : passphrase.clone();
    }
}
