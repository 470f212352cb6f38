package dev.jbcachefs.btree;

import dev.jbcachefs.bench.BenchImages;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.ExtentPtr;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Node read rate without I/O: {@link BtreeRead#parse} (magic/seq/header checks, checksum of every bset,
 * format validation, unpacking and the newest-wins merge) over in-memory images of every node of every
 * btree of a reference image, exactly the bytes a device read would return. This class sits in the
 * {@code dev.jbcachefs.btree} package (split across modules on the classpath) only to reach the
 * package-private parser. One operation is one pass over all nodes; the {@code bytes} counter gives
 * bytes/s. {@code parse} decrypts in place, so each call gets a fresh copy, as a device read would give;
 * {@link #copy} measures that copy alone. Baseline {@link #crc32c}: {@link CRC32C} over the same bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class NodeParseBench {
    @Param({"default"})
    public String image;

    private BchFs fs;
    private BtreeId[] ids;
    private int[] levels;
    private BtreePtr[] ptrs;
    private byte[][] raw;
    private String[] where;
    private long passBytes;

    /** Bytes processed, reported by JMH as a rate next to the pass rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void setup() {
        fs = BchFs.open(BenchImages.devices(image), OpenOptions.DEFAULTS);
        List<BtreeNode> nodes = new ArrayList<>();
        for (BtreeId id : BtreeId.values()) fs.btree().forEachNode(id, Bpos.POS_MIN, Bpos.SPOS_MAX, 0, nodes::add);
        int n = nodes.size();
        ids = new BtreeId[n];
        levels = new int[n];
        ptrs = new BtreePtr[n];
        raw = new byte[n][];
        where = new String[n];
        int leaves = 0;
        for (int i = 0; i < n; i++) {
            BtreeNode node = nodes.get(i);
            ids[i] = node.btree();
            levels[i] = node.level();
            ptrs[i] = node.ptr();
            ExtentPtr p = node.ptr().ptrs().get(0);
            int len = fs.nodeBytes();
            if (ptrs[i].sectorsWritten() > 0) len = Math.min(len, ptrs[i].sectorsWritten() * 512);
            raw[i] = fs.device(p.dev()).read(p.offset() * 512, len);
            where[i] = "bench " + node;
            passBytes += len;
            if (node.level() == 0) leaves++;
        }
        // sanity: every image parses here exactly as the reader parsed it
        for (int i = 0; i < n; i++) {
            BtreeNode again = BtreeRead.parse(fs, ids[i], levels[i], ptrs[i], raw[i].clone(), where[i]);
            if (again.nrKeys() != nodes.get(i).nrKeys()) throw new IllegalStateException("parse mismatch at " + where[i]);
        }
        System.out.println("\n[parse] image " + image + ": " + n + " nodes (" + leaves + " leaves), " + passBytes + " bytes written per pass");
    }

    @TearDown
    public void tearDown() {
        fs.close();
    }

    @Benchmark
    public void parse(Blackhole bh, Counters c) {
        for (int i = 0; i < raw.length; i++) {
            byte[] buf = Arrays.copyOf(raw[i], raw[i].length);
            bh.consume(BtreeRead.parse(fs, ids[i], levels[i], ptrs[i], buf, where[i]));
        }
        c.bytes += passBytes;
    }

    @Benchmark
    public void copy(Blackhole bh, Counters c) {
        for (byte[] r : raw) bh.consume(Arrays.copyOf(r, r.length));
        c.bytes += passBytes;
    }

    /** Baseline: the JDK's CRC-32C intrinsic over the same bytes. */
    @Benchmark
    public long crc32c(Counters c) {
        long acc = 0;
        for (byte[] r : raw) {
            CRC32C crc = new CRC32C();
            crc.update(r, 0, r.length);
            acc += crc.getValue();
        }
        c.bytes += passBytes;
        return acc;
    }
}
