package dev.jbcachefs.init;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.device.WritableDevice;
import dev.jbcachefs.sb.Superblock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;

/**
 * What format finds on a device before it writes: a bcachefs superblock or the signature of another
 * common filesystem or container makes it refuse unless {@code --force}, saying what it found; and the
 * wipe that goes first, so that an interrupted format cannot leave the old superblocks pointing into
 * half-overwritten metadata.
 */
final class ExistingFs {
    private ExistingFs() {}

    static void refuseIfPresent(WritableDevice dev) {
        String found = describe(dev);
        if (found != null) {
            throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, dev.path() + ": already holds " + found + "; use --force to overwrite it");
        }
    }

    /** What the device holds, or null when nothing known is there. */
    static String describe(WritableDevice dev) {
        try {
            Superblock sb = Superblock.read(dev);
            String label = sb.label();
            return "a bcachefs filesystem (UUID " + sb.userUuid() + (label.isEmpty() ? "" : ", label " + label) + ")";
        } catch (BcachefsException notBcachefs) {
            // fall through to the other signatures
        }
        if (match(dev, 1080, new byte[] {0x53, (byte) 0xef})) return "an ext2/3/4 filesystem";
        if (match(dev, 0, ascii("XFSB"))) return "an XFS filesystem";
        if (match(dev, 65536 + 64, ascii("_BHRfS_M"))) return "a btrfs filesystem";
        if (match(dev, 0, new byte[] {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe})) return "a LUKS container";
        if (match(dev, 4086, ascii("SWAPSPACE2"))) return "a swap area";
        if (match(dev, 65536, ascii("ReIsEr"))) return "a ReiserFS filesystem";
        if (match(dev, 3, ascii("NTFS    "))) return "an NTFS filesystem";
        if (match(dev, 82, ascii("FAT32   ")) || match(dev, 54, ascii("FAT1"))) return "a FAT filesystem";
        return null;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean match(WritableDevice dev, long pos, byte[] sig) {
        if (pos + sig.length > dev.size()) return false;
        byte[] b = dev.read(pos, sig.length);
        return java.util.Arrays.equals(b, sig);
    }

    /**
     * Zeroes every superblock copy an old bcachefs on the device names, the default copy places and the
     * first 4 KiB, then flushes: after this no reader finds a filesystem here until the new superblocks go.
     */
    static void wipe(List<WritableDevice> devs) {
        for (WritableDevice dev : devs) {
            TreeSet<Long> sectors = new TreeSet<>(List.of(0L, (long) Superblock.DEFAULT_SB_SECTOR, (long) Superblock.DEFAULT_SB_SECTOR + 2048));
            try {
                Superblock old = Superblock.read(dev);
                sectors.addAll(old.layout().sbOffsets());
            } catch (BcachefsException none) {
                // nothing to find: the default places are still zeroed
            }
            byte[] zero = new byte[8192];
            for (long s : sectors) {
                long pos = s * 512;
                int len = (int) Math.min(zero.length, dev.size() - pos);
                if (len > 0) dev.write(pos, zero, 0, len);
            }
            dev.flush();
        }
    }
}
