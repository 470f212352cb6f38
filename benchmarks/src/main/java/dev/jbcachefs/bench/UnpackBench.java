package dev.jbcachefs.bench;

import dev.jbcachefs.btree.BtreeNode;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeyFormat;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Packed-key unpack rate ({@link BkeyFormat#unpack}) over the packed keys of every leaf node of every btree
 * of a reference image, in their real node buffers with their real formats. One operation is one key
 * ({@link #KEYS} per invocation, the image's keys repeated to fill them). Baseline {@link #readWords}: the
 * same keys' words read as longs and folded, the memory-bandwidth floor of touching those bytes.
 * {@link #unpackFold} folds a field instead of handing each key object to the blackhole, showing what is
 * left when the JIT may scalar-replace the key.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class UnpackBench {
    /** Keys per invocation. */
    public static final int KEYS = 1 << 16;

    @Param({"default"})
    public String image;

    /** One run of keys of one node: its buffer, format and the offsets of its packed keys. */
    private byte[][] segBuf;
    private BkeyFormat[] segFmt;
    private int[][] segOffs;
    /** Packed keys found in the image (before repetition), for the report. */
    public int imageKeys;

    @Setup
    public void setup() {
        List<byte[]> bufs = new ArrayList<>();
        List<BkeyFormat> fmts = new ArrayList<>();
        List<int[]> offs = new ArrayList<>();
        try (BchFs fs = BchFs.open(BenchImages.devices(image), OpenOptions.DEFAULTS)) {
            for (BtreeId id : BtreeId.values()) {
                fs.btree().forEachNode(id, Bpos.POS_MIN, Bpos.SPOS_MAX, 0, (BtreeNode n) -> {
                    if (n.level() != 0 || n.nrKeys() == 0) return;
                    int[] o = new int[n.nrKeys()];
                    int c = 0;
                    byte[] buf = null;
                    for (int i = 0; i < n.nrKeys(); i++) {
                        BkeySC k = n.key(i);
                        Bkey h = n.keyHeader(i);
                        int off = k.valOff() - h.keyU64s() * 8;
                        buf = k.buf();
                        if (BkeyFormat.isPacked(buf, off)) o[c++] = off;
                    }
                    if (c == 0) return;
                    bufs.add(buf);
                    fmts.add(n.format());
                    offs.add(java.util.Arrays.copyOf(o, c));
                });
            }
        }
        for (int[] o : offs) imageKeys += o.length;
        if (imageKeys == 0) throw new IllegalStateException("image " + image + " has no packed keys in its leaves");
        System.out.println("\n[unpack] image " + image + ": " + imageKeys + " packed keys in " + offs.size() + " leaf nodes");
        // repeat the image's nodes until exactly KEYS keys are covered
        List<byte[]> sb = new ArrayList<>();
        List<BkeyFormat> sf = new ArrayList<>();
        List<int[]> so = new ArrayList<>();
        int left = KEYS;
        for (int i = 0; left > 0; i = (i + 1) % offs.size()) {
            int[] o = offs.get(i);
            int take = Math.min(o.length, left);
            sb.add(bufs.get(i));
            sf.add(fmts.get(i));
            so.add(take == o.length ? o : java.util.Arrays.copyOf(o, take));
            left -= take;
        }
        segBuf = sb.toArray(byte[][]::new);
        segFmt = sf.toArray(BkeyFormat[]::new);
        segOffs = so.toArray(int[][]::new);
    }

    @Benchmark
    @OperationsPerInvocation(KEYS)
    public void unpack(Blackhole bh) {
        for (int s = 0; s < segBuf.length; s++) {
            byte[] b = segBuf[s];
            BkeyFormat f = segFmt[s];
            for (int off : segOffs[s]) bh.consume(f.unpack(b, off));
        }
    }

    @Benchmark
    @OperationsPerInvocation(KEYS)
    public long unpackFold() {
        long acc = 0;
        for (int s = 0; s < segBuf.length; s++) {
            byte[] b = segBuf[s];
            BkeyFormat f = segFmt[s];
            for (int off : segOffs[s]) {
                Bkey k = f.unpack(b, off);
                acc += k.p().inode() ^ k.p().offset() ^ k.p().snapshot() ^ k.versionLo() ^ k.size() ^ k.type();
            }
        }
        return acc;
    }

    /** Baseline: the same words of the same keys, read as little-endian longs. */
    @Benchmark
    @OperationsPerInvocation(KEYS)
    public long readWords() {
        long acc = 0;
        for (int s = 0; s < segBuf.length; s++) {
            byte[] b = segBuf[s];
            int words = segFmt[s].keyU64s();
            for (int off : segOffs[s]) {
                for (int w = 0; w < words; w++) acc += Le.u64(b, off + w * 8);
            }
        }
        return acc;
    }
}
