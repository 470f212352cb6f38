package dev.jbcachefs.data;

import com.github.luben.zstd.ZstdDecompressCtx;
import dev.jbcachefs.bench.BenchImages;
import dev.jbcachefs.bkey.Dirent;
import dev.jbcachefs.bkey.Extent;
import dev.jbcachefs.bkey.ExtentEntry;
import dev.jbcachefs.bkey.Inode;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.crypto.BchKey;
import dev.jbcachefs.crypto.Crypto;
import dev.jbcachefs.crypto.KeyedNodeCrypto;
import dev.jbcachefs.crypto.Nonce;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.snapshot.SnapshotIter;
import dev.jbcachefs.snapshot.SnapshotTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
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
 * Sequential read of a compressible text file through {@link DataReader} in reads of {@link #chunk} bytes
 * (128 KiB by default; {@code -p chunk=1048576} for the 1 MiB reads of {@code cat}, {@code extract} and the
 * FUSE mount's max_read), a fresh reader
 * (empty decoded-extent cache) per operation, so every op reads, verifies and decodes every extent once.
 * On the reference images the file is {@code compressible-2MiB.txt} (zstd/lz4/gzip-compressed on those
 * images, crc32c-checksummed plain extents on {@code default}, ChaCha20/Poly1305 on {@code encrypted});
 * on the generated {@code gen-*} images ({@link BenchImages}) it is a 64 MiB file of the same text, which
 * gives steadier numbers. Baseline {@link #bareCodec}: the same encoded extents, held in memory, put
 * through only the checksum and the codec/decryption libraries directly, each used the cheapest way it
 * offers (a reused zstd context and Inflater, one reused output buffer) — the floor the read path adds its
 * btree walk, device reads, copies and bookkeeping to. One op = the whole file: MB/s = ops/s × size.
 * Sits in {@code dev.jbcachefs.data} (split across modules) like NodeParseBench.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx1g"})
public class ReadBench {
    /** Bytes per read call: 128 KiB (a FUSE read with the kernel's default max_read) unless told otherwise. */
    @Param({"131072"})
    public int chunk;

    @Param({"default"})
    public String image;

    private BchFs fs;
    private SnapshotTable table;
    private int snapshot;
    private long inum, size;
    private byte[] buf;
    /** The file's encoded extents as stored, with their crc entry and key version. */
    private final List<byte[]> stored = new ArrayList<>();
    private final List<ExtentEntry.Crc> crcs = new ArrayList<>();
    private final List<long[]> versions = new ArrayList<>();
    private BchKey key;
    private final LZ4SafeDecompressor lz4 = LZ4Factory.fastestInstance().safeDecompressor();
    private final List<Integer> lz4Lengths = new ArrayList<>();
    private final ZstdDecompressCtx zstd = new ZstdDecompressCtx();
    private final Inflater inflater = new Inflater(true);
    private byte[] out = new byte[0];

    @Setup(Level.Trial)
    public void setup() {
        String file = BenchImages.readFile(image);
        buf = new byte[chunk];
        fs = BchFs.open(BenchImages.devices(image), BenchImages.options(image));
        table = SnapshotTable.load(fs.btree());
        snapshot = (int) table.subvolume(1).snapshot();
        SnapshotIter it = new SnapshotIter(fs.btree(), table, BtreeId.DIRENTS, 4096, 0, snapshot);
        for (BkeySC k = it.next(); k != null && k.pos().inode() == 4096; k = it.next()) {
            if (k.type() == KeyType.DIRENT && Dirent.decode(k).nameString().equals(file)) inum = Dirent.decode(k).inum();
        }
        if (inum == 0) throw new IllegalStateException(file + " not found in " + image);
        size = Inode.decode(SnapshotIter.get(fs.btree(), table, BtreeId.INODES, 0, inum, snapshot)).size();
        key = fs.crypto() instanceof KeyedNodeCrypto k ? k.key() : null;
        SnapshotIter ex = new SnapshotIter(fs.btree(), table, BtreeId.EXTENTS, inum, 0, snapshot);
        for (BkeySC k = ex.next(); k != null && k.pos().inode() == inum; k = ex.next()) {
            ExtentEntry.Crc crc = null;
            for (ExtentEntry e : Extent.decode(k).entries()) {
                if (e instanceof ExtentEntry.Crc c) crc = c;
                if (e instanceof ExtentEntry.Ptr p && crc != null) {
                    stored.add(fs.device(p.dev()).read(p.offset() * 512, crc.compressedSize() * 512));
                    crcs.add(crc);
                    versions.add(new long[] {k.k().versionHi(), k.k().versionLo()});
                    break;
                }
            }
        }
        for (int i = 0; i < stored.size(); i++) {
            ExtentEntry.Crc c = crcs.get(i);
            byte[] d = stored.get(i);
            lz4Lengths.add(c.compressionType() == 3 && !CsumType.byId(c.csumType()).isEncryption()
                    ? Codecs.lz4BlockLength(d, 0, d.length, c.uncompressedSize() * 512) : 0);
        }
        byte[] check = new byte[chunk];
        DataReader r = new DataReader(fs, table);
        for (long off = 0; off < size; off += chunk) {
            int n = r.read(inum, snapshot, size, off, check, 0, chunk);
            for (int j = 0; j < n; j++) if (check[j] == 0) throw new IllegalStateException("bad read at " + (off + j)); // text: no zero bytes
        }
        r.read(inum, snapshot, size, 0, check, 0, chunk);
        if (!new String(check, 0, 12, StandardCharsets.US_ASCII).equals("line 000000 ")) throw new IllegalStateException("bad read");
    }

    @TearDown(Level.Trial)
    public void close() {
        fs.close();
        zstd.close();
        inflater.end();
    }

    @Benchmark
    public long read() {
        DataReader r = new DataReader(fs, table);
        long sum = 0;
        for (long off = 0; off < size; off += chunk) {
            int n = r.read(inum, snapshot, size, off, buf, 0, chunk);
            sum += buf[n - 1];
        }
        return sum;
    }

    @Benchmark
    public void bareCodec(Blackhole bh) throws DataFormatException {
        for (int i = 0; i < stored.size(); i++) {
            ExtentEntry.Crc c = crcs.get(i);
            byte[] src = stored.get(i);
            CsumType t = CsumType.byId(c.csumType());
            byte[] data = src;
            if (t.isEncryption()) {
                long[] v = versions.get(i);
                Nonce n = Nonce.extent((int) v[0], v[1], c.compressionType(), c.uncompressedSize(), c.nonce());
                bh.consume(Crypto.checksum(t, key, n, src, 0, src.length));
                data = src.clone();
                Crypto.crypt(key, n, data, 0, data.length);
            } else {
                bh.consume(Checksum.compute(t, src, 0, src.length));
            }
            int len = c.uncompressedSize() * 512;
            if (out.length < len) out = new byte[len];
            switch (c.compressionType()) {
                // the bare codec gets the exact block length, found once in setup: the reader's work to find it is not the codec's
                case 3 -> bh.consume(lz4.decompress(data, 0, lz4Lengths.get(i), out, 0, len));
                case 2 -> {
                    inflater.reset();
                    inflater.setInput(data);
                    bh.consume(inflater.inflate(out, 0, len));
                }
                case 4 -> bh.consume(zstd.decompressByteArray(out, 0, len, data, 4, (int) Le.u32(data, 0)));
                default -> System.arraycopy(data, 0, out, 0, len);
            }
            bh.consume(out);
        }
    }
}
