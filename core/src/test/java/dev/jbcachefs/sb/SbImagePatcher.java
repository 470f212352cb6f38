package dev.jbcachefs.sb;

import dev.jbcachefs.format.Le;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/** Test helper: edits one superblock copy of an image file and re-checksums it (crc32c images only). */
final class SbImagePatcher {
    private SbImagePatcher() {}

    static byte[] read(Path img, long sector) {
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.READ)) {
            ByteBuffer head = ByteBuffer.allocate(Superblock.FIELDS_OFFSET);
            ch.read(head, sector * 512);
            int len = Superblock.FIELDS_OFFSET + (int) Le.u32(head.array(), 124) * 8;
            ByteBuffer all = ByteBuffer.allocate(len);
            ch.read(all, sector * 512);
            return all.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path img, long sector, byte[] sb, boolean recomputeCsum) {
        if (recomputeCsum) {
            CRC32C c = new CRC32C();
            c.update(sb, 16, sb.length - 16);
            Le.put32(sb, 0, (int) c.getValue());
        }
        try (FileChannel ch = FileChannel.open(img, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(sb), sector * 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies {@code edit} to the copy at {@code sector} and writes it back with a fresh checksum. */
    static void patch(Path img, long sector, Consumer<byte[]> edit) {
        byte[] sb = read(img, sector);
        edit.accept(sb);
        write(img, sector, sb, true);
    }

    /** Appends whole fields ({@code u64s}, type, body) to the copy at {@code sector} and bumps its seq. */
    static void appendFields(Path img, long sector, byte[]... fields) {
        byte[] sb = read(img, sector);
        int extra = 0;
        for (byte[] f : fields) extra += f.length;
        byte[] out = java.util.Arrays.copyOf(sb, sb.length + extra);
        int o = sb.length;
        for (byte[] f : fields) {
            System.arraycopy(f, 0, out, o, f.length);
            o += f.length;
        }
        Le.put32(out, 124, (int) (Le.u32(out, 124) + extra / 8));
        Le.put64(out, 112, Le.u64(out, 112) + 1);
        write(img, sector, out, true);
    }

    /** A field of {@code type} with the given body (padded to 8 bytes). */
    static byte[] field(int type, byte[] body) {
        int len = 8 + ((body.length + 7) & ~7);
        byte[] f = new byte[len];
        Le.put32(f, 0, len / 8);
        Le.put32(f, 4, type);
        System.arraycopy(body, 0, f, 8, body.length);
        return f;
    }
}
