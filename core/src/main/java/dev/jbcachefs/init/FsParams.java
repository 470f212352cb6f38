package dev.jbcachefs.init;

import dev.jbcachefs.btree.BtreeWrite;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.crypto.BchKey;
import dev.jbcachefs.crypto.KeyedNodeCrypto;
import dev.jbcachefs.data.Compression;
import dev.jbcachefs.data.DataWrite;
import dev.jbcachefs.fs.StrHash;
import dev.jbcachefs.journal.JournalCrypto;
import dev.jbcachefs.journal.KeyedJournalCrypto;
import dev.jbcachefs.sb.Superblock;
import java.util.Locale;

/**
 * The filesystem-wide options of a format, parsed and validated once from the user's strings into the
 * values the writers take: checksum option ids and the checksum types they give, compression option and
 * level, str_hash, replicas, and (for an encrypted filesystem) the random master key. A bad value is a
 * one-line error naming the option and the accepted values.
 */
final class FsParams {
    static final int VERSION = Superblock.VERSION_MAX;
    static final int EXTENT_BP_SHIFT = 16;

    final FormatOptions o;
    final int dataCsumOpt;
    final int metaCsumOpt;
    final Compression compression;
    final int compressionLevel;
    final Compression bgCompression;
    final int bgCompressionLevel;
    final int strHashOpt;
    final int dataReplicas;
    final int metaReplicas;
    final BchKey key;

    private FsParams(FormatOptions o) {
        this.o = o;
        dataCsumOpt = csumOpt("data_checksum", o.dataChecksum());
        metaCsumOpt = csumOpt("metadata_checksum", o.metadataChecksum());
        String[] c = compressionOpt("compression", o.compression());
        compression = Compression.valueOf(c[0].toUpperCase(Locale.ROOT));
        compressionLevel = Integer.parseInt(c[1]);
        String[] bc = compressionOpt("background_compression", o.backgroundCompression());
        bgCompression = Compression.valueOf(bc[0].toUpperCase(Locale.ROOT));
        bgCompressionLevel = Integer.parseInt(bc[1]);
        strHashOpt = switch (o.strHash() == null ? "siphash" : o.strHash()) {
            case "crc32c" -> 0;
            case "crc64" -> 1;
            case "siphash" -> 2;
            default -> throw Format.badOption("--str_hash: unknown value '" + o.strHash() + "' (crc32c, crc64, siphash)");
        };
        dataReplicas = o.dataReplicas() == 0 ? 1 : o.dataReplicas();
        metaReplicas = o.metadataReplicas() == 0 ? 1 : o.metadataReplicas();
        for (int r : new int[] {dataReplicas, metaReplicas}) {
            if (r < 1 || r > 4) throw Format.badOption("--replicas: " + r + " is outside 1..4");
            int durable = o.devices().stream().mapToInt(FormatOptions.Device::durability).sum();
            if (r > durable) {
                throw Format.badOption(r + " replicas need devices whose durability adds up to " + r + "; the " + o.devices().size()
                        + " given add up to " + durable);
            }
        }
        key = o.encrypted() ? BchKey.random() : null;
    }

    static FsParams of(FormatOptions o) {
        if (o.devices().isEmpty()) throw Format.badOption("no device given");
        return new FsParams(o);
    }

    private static int csumOpt(String name, String v) {
        return switch (v == null ? "crc32c" : v) {
            case "none" -> 0;
            case "crc32c" -> 1;
            case "crc64" -> 2;
            case "xxhash" -> 3;
            default -> throw Format.badOption("--" + name + ": unknown value '" + v + "' (none, crc32c, crc64, xxhash)");
        };
    }

    private static String[] compressionOpt(String name, String v) {
        if (v == null || v.isEmpty()) return new String[] {"none", "0"};
        String[] parts = v.split(":", 2);
        String type = parts[0];
        if (!type.equals("none") && !type.equals("lz4") && !type.equals("gzip") && !type.equals("zstd")) {
            throw Format.badOption("--" + name + ": unknown compression '" + type + "' (none, lz4, gzip, zstd, optionally :LEVEL)");
        }
        int level = 0;
        if (parts.length == 2) {
            try {
                level = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw Format.badOption("--" + name + ": level '" + parts[1] + "' is not a number");
            }
            if (level < 0 || level > 15) throw Format.badOption("--" + name + ": level " + level + " is outside 0..15");
        }
        return new String[] {type, String.valueOf(level)};
    }

    FormatGeometry.Params geometryParams() {
        FormatGeometry.Params gp = FormatGeometry.Params.defaults();
        if (o.blockSize() != 0) {
            gp = gp.withBlockSize(o.blockSize());
        } else {
            int max = 0;
            for (FormatOptions.Device d : o.devices()) max = Math.max(max, deviceBlockSize(d.path()));
            if (max > 0) gp = gp.withBlockSize(max);
        }
        if (o.btreeNodeSize() != 0) gp = gp.withBtreeNodeSize(o.btreeNodeSize());
        long bucket = o.devices().get(0).bucketSize();
        if (bucket != 0) gp = gp.withBucketSize(bucket);
        return gp;
    }

    /**
     * The block size upstream's format takes from a device: a block device's physical block size (from
     * sysfs); 0 (the 4 KiB default) for image files and when sysfs does not say.
     */
    static int deviceBlockSize(java.nio.file.Path p) {
        try {
            if (!java.nio.file.Files.exists(p) || java.nio.file.Files.isRegularFile(p)) return 0;
            String dev = p.toRealPath().getFileName().toString();
            java.nio.file.Path sys = java.nio.file.Path.of("/sys/class/block", dev, "queue", "physical_block_size");
            if (!java.nio.file.Files.exists(sys)) {
                // a partition: its queue is the parent disk's
                java.nio.file.Path part = java.nio.file.Path.of("/sys/class/block", dev).toRealPath().getParent().resolve("queue/physical_block_size");
                if (!java.nio.file.Files.exists(part)) return 0;
                sys = part;
            }
            int v = Integer.parseInt(java.nio.file.Files.readString(sys).trim());
            return v >= 512 && Integer.bitCount(v) == 1 ? v : 0;
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    CsumType metadataCsum() {
        return CsumType.forMetadataOption(metaCsumOpt, key != null);
    }

    CsumType dataCsum() {
        return CsumType.forDataOption(dataCsumOpt, key != null, false);
    }

    /** The inode str_hash type of new directories and files (siphash option → SIPHASH, not siphash_old). */
    int strHashInodeType() {
        return switch (strHashOpt) {
            case 0 -> StrHash.CRC32C;
            case 1 -> StrHash.CRC64;
            default -> StrHash.SIPHASH;
        };
    }

    int metadataReplicas() {
        return metaReplicas;
    }

    int dataReplicas() {
        return dataReplicas;
    }

    BtreeWrite.Options btreeOptions(FormatGeometry g, long journalSeq, long uuidLe64) {
        return new BtreeWrite.Options(g.btreeNodeSize(), g.blockSize(), uuidLe64, metadataCsum(), key == null ? null : new KeyedNodeCrypto(key),
                VERSION, journalSeq, BtreeWrite.DEFAULT_FILL);
    }

    JournalCrypto journalCrypto() {
        return key == null ? null : new KeyedJournalCrypto(key);
    }

    /**
     * How format writes data. With a background_compression option the data is compressed with it right
     * away: that is what it would be rewritten to, and an extent already in its background form needs no
     * reconcile work (the upstream fsck checks that every extent not in that form is queued for it).
     */
    DataWrite.Options dataOptions(FormatGeometry g) {
        boolean bg = bgCompression != Compression.NONE;
        return new DataWrite.Options(dataCsum(), bg ? bgCompression : compression, bg ? bgCompressionLevel : compressionLevel, key,
                g.blockSize(), g.encodedExtentMax());
    }

    String describe() {
        StringBuilder b = new StringBuilder();
        b.append("data checksum ").append(dataCsum().upstreamName()).append(", metadata checksum ").append(metadataCsum().upstreamName());
        if (compression != Compression.NONE) b.append(", compression ").append(compression.name().toLowerCase(Locale.ROOT));
        if (dataReplicas > 1 || metaReplicas > 1) b.append(", replicas ").append(dataReplicas).append('/').append(metaReplicas);
        return b.toString();
    }
}
