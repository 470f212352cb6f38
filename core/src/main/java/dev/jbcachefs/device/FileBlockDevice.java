package dev.jbcachefs.device;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.util.Segments;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An image file or block device opened through a {@link FileChannel} with positional reads and writes, so
 * that concurrent readers need no lock. Read-only verbs open it with {@link #openReadOnly}, which is what
 * guarantees jbcachefs never writes to a filesystem the user only asked to read; only {@link #openReadWrite}
 * gives a channel that can write.
 */
public final class FileBlockDevice implements WritableDevice {
    private final Path path;
    private final FileChannel ch;
    private final long size;
    private final boolean writable;

    private FileBlockDevice(Path path, FileChannel ch, long size, boolean writable) {
        this.path = path;
        this.ch = ch;
        this.size = size;
        this.writable = writable;
    }

    /** Opens {@code path} read-only; a missing or unreadable path is a one-line {@link BcachefsException}. */
    public static FileBlockDevice openReadOnly(Path path) {
        try {
            if (Files.isDirectory(path)) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, path + ": is a directory, not a device or image file");
            FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
            return new FileBlockDevice(path, ch, sizeOf(path, ch), false);
        } catch (NoSuchFileException e) {
            throw new BcachefsException(ErrorCode.MISSING_DEVICE, path + ": no such file or device");
        } catch (IOException e) {
            throw new BcachefsException(ErrorCode.MISSING_DEVICE, path + ": cannot open: " + e.getMessage());
        }
    }

    /**
     * Opens {@code path} for reading and writing. An image file that does not exist is created with
     * {@code createSize} bytes (sparse) when {@code createSize > 0}; otherwise a missing path is an error.
     */
    public static FileBlockDevice openReadWrite(Path path, long createSize) {
        try {
            if (Files.isDirectory(path)) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, path + ": is a directory, not a device or image file");
            boolean create = createSize > 0 && !Files.exists(path);
            FileChannel ch = create
                    ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)
                    : FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (create) {
                ch.write(ByteBuffer.wrap(new byte[1]), createSize - 1);
            }
            return new FileBlockDevice(path, ch, sizeOf(path, ch), true);
        } catch (NoSuchFileException e) {
            throw new BcachefsException(ErrorCode.MISSING_DEVICE, path + ": no such file or device (give --fs_size to create an image file)");
        } catch (IOException e) {
            throw new BcachefsException(ErrorCode.MISSING_DEVICE, path + ": cannot open for writing: " + e.getMessage());
        }
    }

    /** The file's size, or for a block device (whose channel size reads 0) its size from sysfs. */
    private static long sizeOf(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size != 0 || Files.isRegularFile(path)) return size;
        String dev = path.toRealPath().getFileName().toString();
        Path sys = Path.of("/sys/class/block", dev, "size");
        if (Files.exists(sys)) return Long.parseLong(Files.readString(sys).trim()) * 512;
        return size;
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
        readFully(ByteBuffer.wrap(dst, off, len), pos);
    }

    /** A native destination is read into directly (no bounce buffer): what the mount's reply path uses. */
    @Override
    public void read(long pos, MemorySegment dst) {
        BlockDevice.checkRange(name(), size, pos, Segments.length(dst));
        readFully(dst.asByteBuffer(), pos);
    }

    private void readFully(ByteBuffer bb, long pos) {
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
    public void write(long pos, byte[] src, int off, int len) {
        if (!writable) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, name() + ": opened read-only, refusing to write");
        if (pos < 0 || len < 0 || pos > size - len) {
            throw new BcachefsException(ErrorCode.IO, name() + ": write of " + len + " bytes at offset " + pos
                    + " is beyond the end of the device (" + size + " bytes)");
        }
        ByteBuffer bb = ByteBuffer.wrap(src, off, len);
        try {
            long p = pos;
            while (bb.hasRemaining()) p += ch.write(bb, p);
        } catch (IOException e) {
            throw new BcachefsException(ErrorCode.IO, name() + ": write error at offset " + pos + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void flush() {
        if (!writable) return;
        try {
            ch.force(false);
        } catch (IOException e) {
            throw new BcachefsException(ErrorCode.IO, name() + ": flush failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException e) {
            if (writable) throw new BcachefsException(ErrorCode.IO, name() + ": close failed: " + e.getMessage(), e);
        }
    }
}
