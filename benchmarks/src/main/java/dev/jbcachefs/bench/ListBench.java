package dev.jbcachefs.bench;

import dev.jbcachefs.bkey.KeyPrinter;
import dev.jbcachefs.btree.BtreeIter;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code list} of every btree of a reference image end to end, in-process: open (superblock, roots, a fresh
 * node cache), iterate every key of every btree at level 0 and print each with
 * {@link KeyPrinter#keyToText}, as {@code jbcachefs list -b all} does without the output stream. Baseline
 * {@link #readImage}: reading the whole image file sequentially (from the page cache after the first
 * pass), the cost of merely touching every byte of the filesystem once.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class ListBench {
    @Param({"default"})
    public String image;

    private List<Path> devices;
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);

    @Setup
    public void setup() {
        devices = BenchImages.devices(image);
        long keys = 0, chars = 0;
        try (BchFs fs = BchFs.open(devices, OpenOptions.DEFAULTS)) {
            StringBuilder sb = new StringBuilder(256);
            for (BtreeId id : BtreeId.values()) {
                BtreeIter it = fs.btree().iter(id, Bpos.POS_MIN, 0);
                for (BkeySC k = it.next(); k != null; k = it.next()) {
                    sb.setLength(0);
                    KeyPrinter.keyToText(sb, k, fs);
                    keys++;
                    chars += sb.length() + 1;
                }
            }
        }
        System.out.println("\n[list] image " + image + ": " + keys + " keys, " + chars + " chars of text");
    }

    @Benchmark
    public long list() {
        long chars = 0;
        try (BchFs fs = BchFs.open(devices, OpenOptions.DEFAULTS)) {
            StringBuilder sb = new StringBuilder(256);
            for (BtreeId id : BtreeId.values()) {
                sb.setLength(0);
                sb.append("##### btree ").append(id.upstreamName());
                chars += sb.length() + 1;
                BtreeIter it = fs.btree().iter(id, Bpos.POS_MIN, 0);
                for (BkeySC k = it.next(); k != null; k = it.next()) {
                    sb.setLength(0);
                    KeyPrinter.keyToText(sb, k, fs);
                    chars += sb.length() + 1;
                }
            }
        }
        return chars;
    }

    /** Baseline: every device file read sequentially, 1 MiB at a time. */
    @Benchmark
    public long readImage() {
        long total = 0;
        for (Path p : devices) {
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                chunk.clear();
                int n;
                while ((n = ch.read(chunk)) >= 0) {
                    total += n;
                    if (!chunk.hasRemaining()) chunk.clear();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }
}
