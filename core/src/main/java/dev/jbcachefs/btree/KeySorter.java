package dev.jbcachefs.btree;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Collects the keys of one btree in any order and gives them back sorted by position, with bounded
 * memory: keys are held until {@code memoryBytes} is reached, then written as a sorted run to a temporary
 * file, and iteration merges the runs. This is what lets {@code format --source} build btrees of any size
 * from a walk whose order is not the btree's (dirents come in directory order, backpointers in write
 * order). Two keys at one position are a bug in the caller and fail loudly. The sorted view can be
 * iterated any number of times until {@link #close()}.
 */
public final class KeySorter implements Closeable {
    private static final Comparator<BkeySC> BY_POS = Comparator.comparing(BkeySC::pos);

    private final String what;
    private final long memoryBytes;
    private final Path tmpDir;
    private final List<BkeySC> mem = new ArrayList<>();
    private final List<Path> runs = new ArrayList<>();
    private long memBytes;
    private long count;
    private long valueBytes;
    private boolean sorted = true;

    /** {@code what} names the btree in errors; runs go to {@code tmpDir} (the JDK's default when null). */
    public KeySorter(String what, long memoryBytes, Path tmpDir) {
        this.what = what;
        this.memoryBytes = memoryBytes;
        this.tmpDir = tmpDir;
    }

    /**
     * A sorter with the default memory budget: 32 MiB, or less on a small heap (a format holds about a
     * dozen sorters at once, so each gets at most 1/24 of the heap).
     */
    public KeySorter(String what) {
        this(what, Math.max(1L << 20, Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 24)), null);
    }

    /** Adds a key; its value bytes are copied. */
    public void add(BkeySC k) {
        BkeySC own = k.valOff() == 0 && k.buf().length == k.valLen() ? k : k.detach();
        if (!mem.isEmpty() && sorted && BY_POS.compare(mem.get(mem.size() - 1), own) >= 0) sorted = false;
        mem.add(own);
        memBytes += 96 + own.valLen();
        count++;
        valueBytes += own.valLen();
        if (memBytes >= memoryBytes) spill();
    }

    /** Number of keys added. */
    public long size() {
        return count;
    }

    /** Sum of the keys' unpacked sizes in bytes (header + value), for planning node counts. */
    public long unpackedBytes() {
        return count * Bkey.BYTES + valueBytes;
    }

    private void sortMem() {
        if (!sorted) {
            mem.sort(BY_POS);
            sorted = true;
        }
        for (int i = 1; i < mem.size(); i++) {
            if (mem.get(i - 1).pos().equals(mem.get(i).pos())) {
                throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, what + ": two keys at " + mem.get(i).pos());
            }
        }
    }

    private void spill() {
        sortMem();
        try {
            Path run = tmpDir == null ? Files.createTempFile("jbcachefs-keys", ".run") : Files.createTempFile(tmpDir, "jbcachefs-keys", ".run");
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
                byte[] hdr = new byte[Bkey.BYTES];
                for (BkeySC k : mem) {
                    k.k().writeUnpacked(hdr, 0);
                    out.write(hdr);
                    out.writeInt(k.valLen());
                    out.write(k.buf(), k.valOff(), k.valLen());
                }
            }
            runs.add(run);
        } catch (IOException e) {
            throw new BcachefsException(ErrorCode.IO, what + ": cannot write a temporary sort run: " + e.getMessage(), e);
        }
        mem.clear();
        memBytes = 0;
    }

    /** The keys in position order. */
    public Iterator<BkeySC> iterator() {
        sortMem();
        if (runs.isEmpty()) return List.copyOf(mem).iterator();
        List<Iterator<BkeySC>> sources = new ArrayList<>();
        sources.add(List.copyOf(mem).iterator());
        for (Path r : runs) sources.add(new RunReader(r));
        return new Merge(what, sources);
    }

    /**
     * Merges position-sorted key streams into one; two keys at one position fail, naming {@code what}.
     */
    public static Iterator<BkeySC> merge(String what, List<Iterator<BkeySC>> sources) {
        return new Merge(what, sources);
    }

    @Override
    public void close() {
        mem.clear();
        for (Path r : runs) {
            try {
                Files.deleteIfExists(r);
            } catch (IOException ignored) {
                // a temporary file left behind is harmless
            }
        }
        runs.clear();
    }

    private final class RunReader implements Iterator<BkeySC> {
        private final DataInputStream in;
        private BkeySC next;

        RunReader(Path run) {
            try {
                InputStream s = Files.newInputStream(run);
                in = new DataInputStream(new BufferedInputStream(s, 1 << 16));
            } catch (IOException e) {
                throw new BcachefsException(ErrorCode.IO, what + ": cannot read a temporary sort run: " + e.getMessage(), e);
            }
            advance();
        }

        private void advance() {
            try {
                byte[] hdr = new byte[Bkey.BYTES];
                in.readFully(hdr);
                byte[] v = new byte[in.readInt()];
                in.readFully(v);
                next = new BkeySC(Bkey.readUnpacked(hdr, 0), v, 0, v.length);
            } catch (EOFException e) {
                next = null;
                try {
                    in.close();
                } catch (IOException ignored) {
                    // read side only
                }
            } catch (IOException e) {
                throw new BcachefsException(ErrorCode.IO, what + ": cannot read a temporary sort run: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public BkeySC next() {
            if (next == null) throw new NoSuchElementException();
            BkeySC k = next;
            advance();
            return k;
        }
    }

    private static final class Merge implements Iterator<BkeySC> {
        private record Head(BkeySC k, Iterator<BkeySC> src) {}

        private final String what;
        private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> BY_POS.compare(a.k, b.k));
        private Bpos last;

        Merge(String what, List<Iterator<BkeySC>> sources) {
            this.what = what;
            for (Iterator<BkeySC> s : sources) if (s.hasNext()) heads.add(new Head(s.next(), s));
        }

        @Override
        public boolean hasNext() {
            return !heads.isEmpty();
        }

        @Override
        public BkeySC next() {
            Head h = heads.poll();
            if (h == null) throw new NoSuchElementException();
            if (h.src.hasNext()) heads.add(new Head(h.src.next(), h.src));
            if (last != null && last.equals(h.k.pos())) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, what + ": two keys at " + last);
            last = h.k.pos();
            return h.k;
        }
    }
}
