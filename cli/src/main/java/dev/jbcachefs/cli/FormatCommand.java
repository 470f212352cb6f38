package dev.jbcachefs.cli;

import dev.jbcachefs.init.Format;
import dev.jbcachefs.init.FormatGeometry;
import dev.jbcachefs.init.FormatOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jbcachefs format}: makes a new bcachefs filesystem (upstream's option names), optionally filled
 * from a host directory with {@code --source}. Per-device options ({@code --label}, {@code --durability},
 * {@code --bucket_size}, {@code --discard}) apply to the devices named after them, as upstream's do.
 */
@Command(name = "format", mixinStandardHelpOptions = true, description = "Format one or more devices or image files as a new bcachefs filesystem.")
final class FormatCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--block_size", paramLabel = "SIZE", description = "Block size (default: 4k).")
    String blockSize;
    @Option(names = "--btree_node_size", paramLabel = "SIZE", description = "Btree node size (default: 256k, at most the bucket size).")
    String btreeNodeSize;
    @Option(names = "--fs_size", paramLabel = "SIZE", description = "Size of image files that do not exist yet (they are created).")
    String fsSize;
    @Option(names = {"-L", "--fs_label"}, paramLabel = "LABEL", description = "Filesystem label.")
    String fsLabel;
    @Option(names = {"-U", "--uuid"}, paramLabel = "UUID", description = "External UUID (default: random).")
    String uuid;
    @Option(names = "--compression", paramLabel = "TYPE[:LEVEL]", description = "none, lz4, gzip or zstd, with an optional level.")
    String compression;
    @Option(names = "--background_compression", paramLabel = "TYPE[:LEVEL]", description = "Background compression option (stored).")
    String backgroundCompression;
    @Option(names = "--data_checksum", paramLabel = "TYPE", description = "none, crc32c (default), crc64 or xxhash.")
    String dataChecksum;
    @Option(names = "--metadata_checksum", paramLabel = "TYPE", description = "none, crc32c (default), crc64 or xxhash.")
    String metadataChecksum;
    @Option(names = "--str_hash", paramLabel = "TYPE", description = "crc32c, crc64 or siphash (default).")
    String strHash;
    @Option(names = "--replicas", paramLabel = "N", description = "Data and metadata replicas.")
    Integer replicas;
    @Option(names = "--data_replicas", paramLabel = "N", description = "Data replicas.")
    Integer dataReplicas;
    @Option(names = "--metadata_replicas", paramLabel = "N", description = "Metadata replicas.")
    Integer metadataReplicas;
    @Option(names = "--encrypted", description = "Encrypt the filesystem (ChaCha20/Poly1305), asking for a passphrase.")
    boolean encrypted;
    @Option(names = "--passphrase_file", paramLabel = "FILE", description = "Read the passphrase from FILE instead of asking.")
    Path passphraseFile;
    @Option(names = "--no_passphrase", description = "With --encrypted: store the key unwrapped (no passphrase).")
    boolean noPassphrase;
    @Option(names = {"-f", "--force"}, description = "Format even when the device holds a filesystem.")
    boolean force;
    @Option(names = "--source", paramLabel = "DIR", description = "Copy the tree at DIR into the new filesystem.")
    Path source;
    @Option(names = {"-q", "--quiet"}, description = "Print only errors.")
    boolean quiet;

    /** Per-device options, applied to the devices that follow them on the command line. */
    @Parameters(paramLabel = "DEV", arity = "1..*", description = "Devices or image files.")
    List<String> devs = new ArrayList<>();
    @Option(names = "--label", paramLabel = "LABEL", description = "Label of the following devices (disk group).")
    List<String> labels = new ArrayList<>();
    @Option(names = "--durability", paramLabel = "N", description = "Durability of the following devices (default 1).")
    List<Integer> durabilities = new ArrayList<>();
    @Option(names = "--bucket_size", paramLabel = "SIZE", description = "Bucket size (default: chosen from the device size).")
    String bucketSize;
    @Option(names = "--discard", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Issue discards to the devices (default on; --no-discard turns it off).")
    boolean discard;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        byte[] pass = null;
        if (!encrypted && (passphraseFile != null || noPassphrase)) {
            throw new IllegalArgumentException((passphraseFile != null ? "--passphrase_file" : "--no_passphrase") + " needs --encrypted");
        }
        if (encrypted && !noPassphrase) {
            java.io.Console c = System.console();
            pass = Passphrase.forNewFilesystem(passphraseFile, c != null && c.isTerminal() ? c : null, System.in, System.err);
        }
        List<FormatOptions.Device> ds = new ArrayList<>();
        long bucket = bucketSize == null ? 0 : size("--bucket_size", bucketSize);
        for (int i = 0; i < devs.size(); i++) {
            String label = labels.isEmpty() ? null : labels.get(Math.min(i, labels.size() - 1));
            int dur = durabilities.isEmpty() ? 1 : durabilities.get(Math.min(i, durabilities.size() - 1));
            if (dur < 0 || dur > 4) throw new IllegalArgumentException("--durability: " + dur + " is outside 0..4");
            ds.add(new FormatOptions.Device(Path.of(devs.get(i)), bucket, label, dur, discard));
        }
        UUID u = null;
        if (uuid != null) {
            try {
                u = UUID.fromString(uuid);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--uuid: '" + uuid + "' is not a UUID");
            }
        }
        int dr = dataReplicas != null ? dataReplicas : replicas != null ? replicas : 0;
        int mr = metadataReplicas != null ? metadataReplicas : replicas != null ? replicas : 0;
        FormatOptions o = new FormatOptions(ds, fsSize == null ? 0 : size("--fs_size", fsSize),
                blockSize == null ? 0 : (int) size("--block_size", blockSize), btreeNodeSize == null ? 0 : (int) size("--btree_node_size", btreeNodeSize),
                fsLabel, u, compression, backgroundCompression, dataChecksum, metadataChecksum, strHash, dr, mr, encrypted, pass, force, source);
        ProgressLine progress = ProgressLine.forStderr(err);
        String summary;
        try {
            summary = Format.run(o, quiet ? s -> { } : s -> {
                progress.finish();
                err.println(s);
            }, quiet ? null : (files, bytes) -> progress.update(files, bytes));
        } finally {
            progress.finish();
        }
        if (!quiet) out.println(summary);
        return 0;
    }

    private static long size(String opt, String v) {
        try {
            return FormatGeometry.parseSize(v);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(opt + ": '" + v + "' is not a size (e.g. 4k, 256k, 1M, 64G)");
        }
    }
}
