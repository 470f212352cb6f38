package dev.jbcachefs.sb;

import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.device.WritableDevice;
import dev.jbcachefs.format.Le;
import java.util.List;

/**
 * Encodes {@code struct bch_sb} from an {@link SbModel} and writes it to a device: the 752-byte header
 * (with the layout embedded at byte 240), the fields, and the checksum ({@code BCH_SB_CSUM_TYPE} of
 * {@code flags[0]}, zero nonce) over everything after the 16-byte csum. Each copy carries its own sector in
 * {@code offset}, so copies differ in that field and the checksum. The layout also goes to byte 3584, the
 * last 512 bytes of the 4 KiB before sector 8, which format zeroes.
 */
public final class SuperblockWrite {
    /** Bytes the writer pads each copy to (one 4 KiB block; the layout reserves far more). */
    public static final int WRITE_ALIGN = 4096;

    private SuperblockWrite() {}

    /** A layout of type 0 with {@code 2^sbMaxSizeBits} sectors per copy at the given sectors. */
    public static SbLayout layout(int sbMaxSizeBits, List<Long> offsets) {
        if (offsets.isEmpty() || offsets.size() > SbLayout.MAX_COPIES) throw new IllegalArgumentException("1.." + SbLayout.MAX_COPIES + " superblock copies");
        return new SbLayout(0, sbMaxSizeBits, List.copyOf(offsets));
    }

    /** The 512-byte {@code struct bch_sb_layout}. */
    public static byte[] layoutBytes(SbLayout l) {
        byte[] b = new byte[Superblock.LAYOUT_BYTES];
        System.arraycopy(Superblock.MAGIC, 0, b, 0, 16);
        b[16] = (byte) l.layoutType();
        b[17] = (byte) l.sbMaxSizeBits();
        b[18] = (byte) l.sbOffsets().size();
        for (int i = 0; i < l.sbOffsets().size(); i++) Le.put64(b, 24 + 8 * i, l.sbOffsets().get(i));
        return b;
    }

    /** The superblock bytes (exactly {@code 752 + 8 * u64s}) of the copy at {@code offsetSector}, checksum included. */
    public static byte[] encode(SbModel m, long offsetSector) {
        if (m.layout == null) throw new IllegalArgumentException("superblock model has no layout");
        int u64s = 0;
        for (SbSection s : m.sections) u64s += s.u64s();
        int total = Superblock.FIELDS_OFFSET + u64s * 8;
        long max = 512L << m.layout.sbMaxSizeBits();
        if (total > max) throw new IllegalArgumentException("superblock of " + total + " bytes exceeds the layout's maximum " + max);
        checkRange("version", m.version, 0xffff);
        checkRange("version_min", m.versionMin, 0xffff);
        checkRange("block_size", m.blockSize, 0xffff);
        checkRange("dev_idx", m.devIdx, 0xff);
        checkRange("nr_devices", m.nrDevices, 0xff);
        checkRange("time_base_hi", m.timeBaseHi, 0xffffffffL);
        checkRange("time_precision", m.timePrecision, 0xffffffffL);
        byte[] b = new byte[total];
        Le.put16(b, 16, m.version);
        Le.put16(b, 18, m.versionMin);
        System.arraycopy(Superblock.MAGIC, 0, b, 24, 16);
        SbModel.putUuid(b, 40, m.uuid);
        SbModel.putUuid(b, 56, m.userUuid);
        byte[] label = m.labelBytes();
        if (label.length > 32) throw new IllegalArgumentException("label longer than 32 bytes");
        System.arraycopy(label, 0, b, 72, label.length);
        Le.put64(b, 104, offsetSector);
        Le.put64(b, 112, m.seq);
        Le.put16(b, 120, m.blockSize);
        b[122] = (byte) m.devIdx;
        b[123] = (byte) m.nrDevices;
        Le.put32(b, 124, u64s);
        Le.put64(b, 128, m.timeBaseLo);
        Le.put32(b, 136, m.timeBaseHi);
        Le.put32(b, 140, m.timePrecision);
        for (int i = 0; i < 7; i++) Le.put64(b, 144 + 8 * i, m.flags[i]);
        Le.put64(b, 200, m.writeTime);
        for (int i = 0; i < 2; i++) {
            Le.put64(b, 208 + 8 * i, m.features[i]);
            Le.put64(b, 224 + 8 * i, m.compat[i]);
        }
        System.arraycopy(layoutBytes(m.layout), 0, b, Superblock.EMBEDDED_LAYOUT_OFFSET, Superblock.LAYOUT_BYTES);
        int off = Superblock.FIELDS_OFFSET;
        for (SbSection s : m.sections) off = s.writeTo(b, off);
        CsumType t = CsumType.byId((int) m.get(SbFlag.CSUM_TYPE));
        if (t == null || t.isEncryption()) throw new IllegalArgumentException("superblock checksum type " + m.get(SbFlag.CSUM_TYPE) + " is not a plain checksum");
        Checksum.compute(t, b, 16, total - 16).write(b, 0);
        return b;
    }

    private static void checkRange(String what, long v, long max) {
        if (v < 0 || v > max) throw new IllegalArgumentException("superblock " + what + " " + v + " out of range 0.." + max);
    }

    /**
     * Writes the whole superblock set of one device as format does: zeroes bytes 0..3584, writes the
     * layout at byte 3584, then every copy the layout names (each zero-padded to {@value #WRITE_ALIGN}
     * bytes), and flushes.
     */
    public static void write(WritableDevice dev, SbModel m) {
        byte[] head = new byte[Superblock.DEFAULT_SB_SECTOR * 512];
        System.arraycopy(layoutBytes(m.layout), 0, head, Superblock.LAYOUT_OFFSET, Superblock.LAYOUT_BYTES);
        dev.write(0, head);
        for (long sector : m.layout.sbOffsets()) {
            byte[] sb = encode(m, sector);
            byte[] padded = java.util.Arrays.copyOf(sb, (sb.length + WRITE_ALIGN - 1) / WRITE_ALIGN * WRITE_ALIGN);
            if (sector * 512 + padded.length > dev.size()) throw new IllegalArgumentException("superblock copy at sector " + sector + " runs past the end of " + dev.name());
            dev.write(sector * 512, padded);
        }
        dev.flush();
    }
}
