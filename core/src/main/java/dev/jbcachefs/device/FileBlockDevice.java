package dev.jbcachefs.device;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An image file or block device opened read-only through a {@link FileChannel} with positional reads, so
 * that concurrent readers need no lock. Opening read-only is what guarantees jbcachefs never writes to
 * a filesystem the user only asked to read.
 */
public final class FileBlockDevice implements BlockDevice {
    private final Path path;
    private final FileChannel ch;
    private final long size;

    private FileBlockDevice(Path path, FileChannel ch, long size) {
        this.path = path;
        this.ch = ch;
        this.size = size;
    }

    /** Opens {@code path} read-only; a missing or unreadable path is a one-line {@link BcachefsException}. */
    public static FileBlockDevice openReadOnly(Path path) {
        try {
            if (Files.isDirectory(path)) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, path + ": is a directory, not a device or image file");
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            long size = ch.size();
            if (size == 0 && !Files.isRegularFile(path)) size = blockDeviceSize(path, ch);
            return new FileBlockDevice(path, ch, size);
        } catch (NoSuchFileException e) {
            throw new BcachefsException(ErrorCode.MISSING_DEVICE, path + ": no such file or device");
        } catch (IOException e) {
            throw new BcachefsException(ErrorCode.MISSING_DEVICE, path + ": cannot open: " + e.getMessage());
        }
    }

    private static long blockDeviceSize(Path path, FileChannel ch) throws IOException {
        String dev = path.toRealPath().getFileName().toString();
        Path sys = Path.of("/sys/class/block", dev, "size");
        if (Files.exists(sys)) return Long.parseLong(Files.readString(sys).trim()) * 512;
        return ch.size();
    }

    @Override
    public String name() {
        Path f = path.getFileName();
        return f != null ? f.toString() : path.toString();
    }

    @Override
    public String path() {
        return path.toString();
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(long pos, byte[] dst, int off, int len) {
        BlockDevice.checkRange(name(), size, pos, len);
        ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
        try {
            long p = pos;
            while (bb.hasRemaining()) {
                int n = ch.read(bb, p);
                if (n < 0) throw new BcachefsException(ErrorCode.IO, name() + ": unexpected end of file at offset " + p);
                p += n;
            }
        } catch (IOException e) {
            throw new BcachefsException(ErrorCode.IO, name() + ": read error at offset " + pos + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException ignored) {
            // read-only channel: nothing to flush
        }
    }
}
