package dev.jbcachefs.data;

/**
 * The compression option of a filesystem or inode ({@code compression=TYPE[:LEVEL]}): an option id (the 4-bit
 * type of {@code union bch_compression_opt}) that differs from the on-disk extent compression type id it
 * produces. It exists so that writers name compression by option and the extent gets the right type id.
 */
public enum Compression {
    NONE(0, Codecs.NONE),
    LZ4(1, Codecs.LZ4),
    GZIP(2, Codecs.GZIP),
    ZSTD(3, Codecs.ZSTD);

    /** On-disk extent compression type ids ({@code bch_compression_type}) for callers outside this package. */
    public static final int TYPE_NONE = Codecs.NONE, TYPE_INCOMPRESSIBLE = Codecs.INCOMPRESSIBLE;

    private final int optId;
    private final int typeId;

    Compression(int optId, int typeId) {
        this.optId = optId;
        this.typeId = typeId;
    }

    /** The option id (superblock {@code compression} / inode option, low 4 bits). */
    public int optId() {
        return optId;
    }

    /** The extent compression type written when this option compresses an extent. */
    public int typeId() {
        return typeId;
    }

    /** The option with this 4-bit id, or null. */
    public static Compression byOptId(int id) {
        for (Compression c : values()) if (c.optId == id) return c;
        return null;
    }
}
