package dev.jbcachefs.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.device.WritableDevice;
import dev.jbcachefs.sb.Superblock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A format cut off at any write (the device stops taking writes, as when the process is killed) never
 * leaves something that reads as a filesystem: not the new one half-written, and not the old one whose
 * superblocks would point into overwritten metadata. Only a format that ran to the end is readable.
 */
class FormatCrashTest {
    @TempDir
    Path tmp;

    /** A device that drops every write after the first {@code limit} and then fails, like a killed process. */
    static final class CrashingDevice implements WritableDevice {
        final FileBlockDevice d;
        final AtomicLong left;

        CrashingDevice(FileBlockDevice d, long limit) {
            this.d = d;
            this.left = new AtomicLong(limit);
        }

        public String name() { return d.name(); }
        public String path() { return d.path(); }
        public long size() { return d.size(); }
        public void read(long pos, byte[] dst, int off, int len) { d.read(pos, dst, off, len); }
        public void flush() { if (left.get() >= 0) d.flush(); }
        public void close() { d.close(); }

        public void write(long pos, byte[] src, int off, int len) {
            if (left.decrementAndGet() < 0) throw new BcachefsException(dev.jbcachefs.ErrorCode.IO, "crashed");
            d.write(pos, src, off, len);
        }
    }

    static FormatOptions opts(Path img, boolean force) {
        return new FormatOptions(List.of(new FormatOptions.Device(img, 0, null, 1, true)), 64L << 20, 0, 0, null, null, null, null,
                null, null, null, 0, 0, false, null, force, null);
    }

    long countWrites(Path img) {
        CrashingDevice c = new CrashingDevice(FileBlockDevice.openReadWrite(img, 64L << 20), Long.MAX_VALUE);
        Format.run(opts(img, true), List.of(c), s -> { });
        return Long.MAX_VALUE - c.left.get();
    }

    @Test
    void interruptedFormatNeverLooksLikeAFilesystem() throws Exception {
        Path img = tmp.resolve("crash.img");
        long total = countWrites(img);
        assertThat(total).isGreaterThan(10);
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 12; i++) {
            // the device holds a complete old filesystem when each interrupted format starts
            countWrites(img);
            try (FileBlockDevice d = FileBlockDevice.openReadOnly(img)) {
                assertThat(Superblock.read(d).clean()).isTrue();
            }
            long cut = i == 0 ? 0 : i == 1 ? total - 1 : rnd.nextLong(total);
            CrashingDevice c = new CrashingDevice(FileBlockDevice.openReadWrite(img, 0), cut);
            assertThatThrownBy(() -> Format.run(opts(img, true), List.of(c), s -> { })).isInstanceOf(BcachefsException.class);
            boolean readable;
            try (FileBlockDevice d = FileBlockDevice.openReadOnly(img)) {
                Superblock.read(d);
                readable = true;
            } catch (BcachefsException notAFilesystem) {
                readable = false;
            }
            if (readable) {
                // readable only before the wipe of the old superblocks finished (the old filesystem, untouched
                // beyond them) or once only new superblock copies were left to write (the new one, complete)
                assertThat(cut < 4 || cut > total - 8).as("cut after %d of %d writes", cut, total).isTrue();
                try (dev.jbcachefs.fs.FsView v = dev.jbcachefs.fs.Bcachefs.open(List.of(img), OpenOptions.DEFAULTS)) {
                    assertThat(v.readdir(v.rootIno())).extracting(dev.jbcachefs.fs.DirEntry::name).contains("lost+found");
                }
            }
        }
    }

    @Test
    void refusesAnExistingFilesystemWithoutForce() throws Exception {
        Path img = tmp.resolve("old.img");
        countWrites(img);
        byte[] before = Files.readAllBytes(img);
        assertThatThrownBy(() -> Format.run(opts(img, false), s -> { }))
                .isInstanceOf(BcachefsException.class).hasMessageContaining("already holds a bcachefs filesystem").hasMessageContaining("--force");
        assertThat(Files.readAllBytes(img)).isEqualTo(before);
    }
}
