package dev.jbcachefs.bkey;

/**
 * Encodes {@code dirent} values as upstream's {@code bch2_dirent_create_key} does (without casefolding):
 * the target ({@code d_inum}, or for {@link Dirent#DT_SUBVOL} the child subvolume in the low and the
 * parent subvolume in the high 32 bits), {@code d_type}, then the name, zero-padded to whole u64s (the
 * name length is the value size minus the trailing zeros). The position (directory inode, name hash,
 * snapshot) comes from the directory's string hash, which lives with the file system code.
 */
public final class DirentPack {
    /** {@code BCH_NAME_MAX}. */
    public static final int NAME_MAX = 512;
    /** {@code offsetof(struct bch_dirent, d_name)}. */
    static final int NAME_OFFSET = 9;

    private DirentPack() {}

    /** An entry for inode {@code inum} of type {@code dType} (a {@code DT_*} value other than subvol). */
    public static byte[] encode(long inum, int dType, byte[] name) {
        if (dType == Dirent.DT_SUBVOL) throw new IllegalArgumentException("subvolume entries take encodeSubvol");
        return build(inum, dType, name);
    }

    /** A {@code DT_SUBVOL} entry in subvolume {@code parentSubvol} naming subvolume {@code childSubvol}. */
    public static byte[] encodeSubvol(long parentSubvol, long childSubvol, byte[] name) {
        long target = (ValWriter.fit("parent subvol", parentSubvol, 32) << 32) | ValWriter.fit("child subvol", childSubvol, 32);
        return build(target, Dirent.DT_SUBVOL, name);
    }

    /** The value of a decoded, non-casefolded entry. */
    public static byte[] encode(Dirent d) {
        if (d.casefold()) throw new IllegalArgumentException("casefolded dirents are not encoded");
        return build(d.inum(), d.type(), d.name());
    }

    private static byte[] build(long target, int dType, byte[] name) {
        if (name.length == 0 || name.length > NAME_MAX)
            throw new IllegalArgumentException("dirent name length " + name.length + " outside 1.." + NAME_MAX);
        if (name[name.length - 1] == 0) throw new IllegalArgumentException("dirent name ends in a NUL byte");
        ValWriter.fit("d_type", dType, 5);
        return new ValWriter(NAME_OFFSET + name.length).u64(0, target).u8(8, dType).bytes(NAME_OFFSET, name).get();
    }
}
