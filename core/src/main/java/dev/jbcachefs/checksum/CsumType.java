package dev.jbcachefs.checksum;

/**
 * On-disk checksum type codes (4 bits, {@code BCH_CSUM_TYPES()}), with their byte widths and upstream
 * names. These are not the option values the superblock stores for metadata/data_checksum: see
 * {@link #forMetadataOption} and {@link #forDataOption} for that mapping (the crc32c trap).
 */
public enum CsumType {
    NONE(0, "none", 0),
    CRC32C_NONZERO(1, "crc32c_nonzero", 4),
    CRC64_NONZERO(2, "crc64_nonzero", 8),
    CHACHA20_POLY1305_80(3, "chacha20_poly1305_80", 10),
    CHACHA20_POLY1305_128(4, "chacha20_poly1305_128", 16),
    CRC32C(5, "crc32c", 4),
    CRC64(6, "crc64", 8),
    XXHASH(7, "xxhash", 8);

    private static final CsumType[] BY_ID = values();
    private final int id;
    private final String upstreamName;
    private final int bytes;

    CsumType(int id, String upstreamName, int bytes) {
        this.id = id;
        this.upstreamName = upstreamName;
        this.bytes = bytes;
    }

    public int id() {
        return id;
    }

    public String upstreamName() {
        return upstreamName;
    }

    /** Width of the checksum in bytes. */
    public int bytes() {
        return bytes;
    }

    public boolean isEncryption() {
        return this == CHACHA20_POLY1305_80 || this == CHACHA20_POLY1305_128;
    }

    /** The type with this id, or null for an id 1.36 does not define. */
    public static CsumType byId(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /** Metadata checksum type for a checksum option value (none 0, crc32c 1, crc64 2, xxhash 3). */
    public static CsumType forMetadataOption(int opt, boolean encrypted) {
        if (encrypted) return CHACHA20_POLY1305_128;
        return switch (opt) {
            case 0 -> NONE;
            case 1 -> CRC32C_NONZERO;
            case 2 -> CRC64_NONZERO;
            case 3 -> XXHASH;
            default -> null;
        };
    }

    /** Data checksum type for a checksum option value. */
    public static CsumType forDataOption(int opt, boolean encrypted, boolean wideMacs) {
        if (encrypted) return wideMacs ? CHACHA20_POLY1305_128 : CHACHA20_POLY1305_80;
        return switch (opt) {
            case 0 -> NONE;
            case 1 -> CRC32C;
            case 2 -> CRC64;
            case 3 -> XXHASH;
            default -> null;
        };
    }
}
