package dev.jbcachefs.hardening;

import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.device.FileBlockDevice;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The pristine bytes of one reference image, read lazily in 4 KiB pages and kept, so that thousands of
 * mutated opens of the same image cost memory copies instead of file reads, and only the pages a reader
 * actually touches (metadata) are ever held. Thread-safe; the image file is never written.
 */
final class ImagePages implements AutoCloseable {
    static final int PAGE = 4096;
    private final FileBlockDevice file;
    private final Map<Long, byte[]> pages = new HashMap<>();

    ImagePages(Path image) {
        this.file = FileBlockDevice.openReadOnly(image);
    }

    String name() {
        return file.name();
    }

    String path() {
        return file.path();
    }

    long size() {
        return file.size();
    }

    /** Copies {@code len} pristine bytes at {@code pos} (in bounds of the image) into {@code dst[off..]}. */
    void read(long pos, byte[] dst, int off, int len) {
        while (len > 0) {
            long pg = pos / PAGE;
            int in = (int) (pos % PAGE);
            int n = Math.min(len, PAGE - in);
            System.arraycopy(page(pg), in, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    byte byteAt(long pos) {
        return page(pos / PAGE)[(int) (pos % PAGE)];
    }

    private synchronized byte[] page(long pg) {
        byte[] p = pages.get(pg);
        if (p == null) {
            long start = pg * PAGE;
            p = new byte[PAGE];
            int n = (int) Math.min(PAGE, file.size() - start);
            file.read(start, p, 0, n);
            pages.put(pg, p);
        }
        return p;
    }

    /** A device showing these bytes through {@code mutation}'s changes for device {@code dev}. */
    BlockDevice device(Mutation mutation, int dev) {
        return new MutatedDevice(this, mutation.xorsFor(dev), mutation.sizeFor(dev, size()));
    }

    @Override
    public void close() {
        file.close();
    }
}
