package dev.jbcachefs.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.journal.JournalRead;
import dev.jbcachefs.journal.JournalReader;
import dev.jbcachefs.journal.ListJournal;
import dev.jbcachefs.init.OpenOptions;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A seeded sweep of single faults (bit flips, byte garbage, truncation) over the metadata of the reference
 * images: superblock layout and copies, every btree node replica (headers, formats, bset headers, keys,
 * values, checksums) and the journal buckets. Every run opens the faulted image and lists every key of
 * every btree with its value text. A run must either succeed or fail with a one-line
 * {@link BcachefsException} that says where; any other throwable, a run slower than the per-run limit, or
 * a hang fails the test with the seed and the mutation. Successful runs whose listing differs from the
 * pristine one are silent corruption and fail as well: all metadata the lister reads is checksummed —
 * except for the share of faults that re-seal a node's checksum after the flip (a buggy writer), where
 * a different listing is legitimate and what counts is that decoders and value printers stay contained.
 *
 * <p>Reproduce one run with {@code -Djbcachefs.sweep.seed=S -Djbcachefs.sweep.only=IMAGE:RUN}; change the
 * size with {@code -Djbcachefs.sweep.runs=N} (runs per image).
 */
class CorruptSweepTest {
    /** Images and their share of the runs; every image uses crc32c or crc64 metadata checksums. */
    private static final Map<String, Double> IMAGES = Map.of("default", 0.25, "crc64", 0.15, "replicas2", 0.20, "snapshot", 0.15, "lz4", 0.15,
            "dirty-journal", 0.10);
    private static final long PER_RUN_LIMIT_MS = 5_000;
    private static final Pattern LOCATED = Pattern.compile(".*(btree|superblock|journal|sector|offset|byte|device|bucket).*");
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "sweep");
        t.setDaemon(true);
        return t;
    });

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    private record Outcome(String kind, ErrorCode code, String message, Throwable crash, long millis) {}

    @Test
    void everyFaultIsSurvivedOrReportedWithLocation() throws Exception {
        long seed = Long.getLong("jbcachefs.sweep.seed", 0x5eedL);
        int total = Integer.getInteger("jbcachefs.sweep.runs", 10_400);
        String only = System.getProperty("jbcachefs.sweep.only");
        int runs = 0, okSame = 0, differ = 0;
        Map<ErrorCode, Integer> byCode = new EnumMap<>(ErrorCode.class);
        Map<String, Integer> prefixes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        long t0 = System.nanoTime();
        int carry = 0;
        for (String image : IMAGES.keySet().stream().sorted().toList()) {
            if (only != null && !only.startsWith(image + ":")) continue;
            int n = (int) Math.round(total * IMAGES.get(image)) + carry;
            carry = 0;
            List<ImagePages> pages = new ArrayList<>();
            for (Path p : Fixtures.devices(image)) pages.add(new ImagePages(p));
            try {
                ImageMap map;
                try {
                    map = ImageMap.of(pages);
                } catch (BcachefsException e) {
                    // an image this reader cannot open yet (journal replay): its runs go to the next image
                    assertThat(e.code()).as("%s: %s", image, e.getMessage()).isEqualTo(ErrorCode.UNSUPPORTED);
                    System.out.println(image + ": skipped, " + e.getMessage());
                    carry = n;
                    continue;
                }
                Map<BtreeId, Listing> clean = new EnumMap<>(BtreeId.class);
                for (BtreeId id : BtreeId.values()) {
                    clean.put(id, listing(pages, new Mutation("none").onlyBtree(id)));
                    assertThat(clean.get(id).errors()).as("%s lists cleanly", image).isEmpty();
                }
                Listing all = listing(pages, new Mutation("none"));
                assertThat(all.errors()).isEmpty();
                System.out.printf("%s: %d node replicas, %d superblock copies, %d journal buckets, %d keys%n", image, map.nodes.size(),
                        map.superblocks.size(), map.journal.size(), all.keys());
                Random rnd = new Random(seed ^ image.hashCode());
                List<Mutation> ms = new ArrayList<>(n);
                for (int i = 0; i < n; i++) ms.add(pick(rnd, map, pages));
                List<Integer> which = new ArrayList<>();
                List<Future<Outcome>> fs = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (only != null && !only.equals(image + ":" + i)) continue;
                    Mutation m = ms.get(i);
                    which.add(i);
                    fs.add(POOL.submit(() -> run(pages, m, m.onlyBtree() != null ? clean.get(m.onlyBtree()) : all)));
                }
                for (int j = 0; j < fs.size(); j++) {
                    int i = which.get(j);
                    String id = "seed " + seed + " run " + image + ":" + i + " (" + ms.get(i) + ")";
                    Outcome o;
                    try {
                        o = fs.get(j).get(30, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        failures.add("HANG " + id);
                        break; // the stuck thread cannot be reclaimed; report what we have
                    }
                    runs++;
                    if (only != null) System.out.println(id + " -> " + o.kind() + " " + (o.message() != null ? o.message() : ""));
                    switch (o.kind()) {
                        case "ok" -> okSame++;
                        case "error" -> {
                            byCode.merge(o.code(), 1, Integer::sum);
                            prefixes.merge(prefix(o.message(), pages), 1, Integer::sum);
                            if (o.message() == null || o.message().isBlank() || o.message().contains("\n")
                                    || !LOCATED.matcher(o.message()).matches()) {
                                failures.add("UNLOCATED MESSAGE " + id + ": <" + o.message() + ">");
                            }
                        }
                        case "different" -> {
                            if (ms.get(i).differentAllowed()) differ++;
                            else failures.add("SILENT CORRUPTION (listing differs, no error) " + id + ": " + o.message());
                        }
                        default -> failures.add("CRASH " + id + ": " + stack(o.crash()));
                    }
                    if (o.millis() > PER_RUN_LIMIT_MS) failures.add("SLOW (" + o.millis() + " ms) " + id);
                }
            } finally {
                for (ImagePages p : pages) p.close();
            }
            if (failures.stream().anyMatch(f -> f.startsWith("HANG"))) break;
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        StringBuilder sum = new StringBuilder();
        sum.append(String.format("corrupt sweep: seed %d, %d runs in %d ms: %d ok (listing identical), %d ok with a different listing (resealed faults), %d errors %s, %d failures%n",
                seed, runs, ms, okSame, differ, byCode.values().stream().mapToInt(Integer::intValue).sum(), byCode, failures.size()));
        sum.append("distinct error message prefixes: ").append(prefixes.size()).append('\n');
        prefixes.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> sum.append(String.format("  %6d  %s%n", e.getValue(), e.getKey())));
        System.out.print(sum);
        failures.stream().limit(50).forEach(System.out::println);
        assertThat(failures).as("faults not handled (first shown; reproduce with -Djbcachefs.sweep.only=IMAGE:RUN)").isEmpty();
        if (only == null) assertThat(runs).isGreaterThanOrEqualTo(Math.min(total, 10_000));
    }

    private static Outcome run(List<ImagePages> pages, Mutation m, Listing clean) {
        long t = System.nanoTime();
        try {
            if (m.isInJournal()) listJournal(pages, m);
            Listing l = listing(pages, m);
            long ms = (System.nanoTime() - t) / 1_000_000;
            if (!l.errors().isEmpty()) {
                BcachefsException e = l.errors().get(0);
                return new Outcome("error", e.code(), e.getMessage(), null, ms);
            }
            if (l.digest() != clean.digest() || l.keys() != clean.keys()) {
                return new Outcome("different", null, l.keys() + " keys vs " + clean.keys(), null, ms);
            }
            return new Outcome("ok", null, null, null, ms);
        } catch (BcachefsException e) {
            return new Outcome("error", e.code(), e.getMessage(), null, (System.nanoTime() - t) / 1_000_000);
        } catch (Throwable e) {
            return new Outcome("crash", null, e.toString(), e, (System.nanoTime() - t) / 1_000_000);
        }
    }

    /**
     * {@code list_journal -a} of the faulted devices: a damaged jset is reported in the text and reading
     * goes on, so only containment is checked here (a refusal is a {@link BcachefsException}, like any).
     */
    private static void listJournal(List<ImagePages> pages, Mutation m) {
        List<BlockDevice> devs = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) devs.add(pages.get(i).device(m, i));
        try {
            JournalRead r = JournalReader.read(devs, null, true);
            ListJournal.print(r, true, ListJournal.printContext(r), new StringBuilder());
        } catch (BcachefsException refused) {
            // a refusal with a message is an acceptable outcome for list_journal too
        }
    }

    static Listing listing(List<ImagePages> pages, Mutation m) {
        List<BlockDevice> devs = new ArrayList<>();
        for (int i = 0; i < pages.size(); i++) devs.add(pages.get(i).device(m, i));
        try (BchFs fs = BchFs.openDevices(devs, OpenOptions.DEFAULTS)) {
            return Listing.of(fs, m.onlyBtree());
        }
    }

    /** Chooses one fault: mostly in btree nodes, then superblocks, journal, truncation. */
    static Mutation pick(Random r, ImageMap map, List<ImagePages> pages) {
        int kind = r.nextInt(100);
        int mask = r.nextInt(10) == 0 ? 1 + r.nextInt(255) : 1 << r.nextInt(8);
        if (kind < 15) {
            return resealed(r, map, pages, mask);
        } else if (kind < 60) {
            ImageMap.Node n = map.nodes.get(r.nextInt(map.nodes.size()));
            int z = r.nextInt(100);
            int off;
            String part;
            if (z < 30) {
                off = r.nextInt(160);
                part = "header";
            } else if (z < 75 && n.firstEnd() > 160) {
                off = 160 + r.nextInt(n.firstEnd() - 160);
                part = "first bset keys";
            } else {
                off = r.nextInt(n.written());
                part = "written area";
            }
            Mutation m = new Mutation(n.what() + " " + part + " +" + off).onlyBtree(n.btree());
            m.xor(n.dev(), n.off() + off, mask);
            if (r.nextInt(10) == 0) { // same fault in every replica of this node
                for (ImageMap.Node o : map.nodes) {
                    if (o != n && o.what().replaceAll(" dev .*", "").equals(n.what().replaceAll(" dev .*", ""))) m.xor(o.dev(), o.off() + off, mask);
                }
            }
            return m;
        } else if (kind < 80) {
            if (r.nextInt(3) == 0) return resealedSuperblock(r, map, pages, mask);
            boolean layout = r.nextInt(5) == 0;
            List<ImageMap.Region> rs = layout ? map.layouts : map.superblocks;
            ImageMap.Region reg = rs.get(r.nextInt(rs.size()));
            int off = r.nextBoolean() ? r.nextInt(Math.min(reg.len(), 752)) : r.nextInt(reg.len());
            Mutation m = new Mutation(reg.what() + " dev " + reg.dev() + " +" + off);
            m.xor(reg.dev(), reg.off() + off, mask);
            if (!layout && r.nextInt(3) == 0) { // every copy on this device: no good superblock remains
                for (ImageMap.Region o : map.superblocks) if (o != reg && o.dev() == reg.dev() && off < o.len()) m.xor(o.dev(), o.off() + off, mask);
            }
            return m;
        } else if (kind < 90) {
            ImageMap.Region reg = map.journal.get(r.nextInt(map.journal.size()));
            int off = r.nextInt(10) < 6 ? r.nextInt(Math.min(reg.len(), 8192)) : r.nextInt(reg.len());
            return new Mutation(reg.what() + " dev " + reg.dev() + " +" + off).xor(reg.dev(), reg.off() + off, mask).inJournal();
        } else {
            int z = r.nextInt(10);
            if (z < 5) {
                ImageMap.Node n = map.nodes.get(r.nextInt(map.nodes.size()));
                long at = n.off() + r.nextInt(n.written());
                return new Mutation("truncation inside " + n.what()).truncate(n.dev(), at);
            }
            int dev = r.nextInt(pages.size());
            long at = z < 8 ? (long) (r.nextDouble() * map.lastSbEnd) : (long) (r.nextDouble() * pages.get(dev).size());
            return new Mutation("truncation").truncate(dev, at);
        }
    }

    /**
     * A fault a checksum cannot catch: one flip inside a node's first bset (header fields, format, bset
     * header, keys, values) after which the bset checksum is recomputed, as a buggy writer would leave it.
     * The listing may then legitimately differ; decoders and value printers see corrupt but "valid" data.
     */
    private static Mutation resealed(Random r, ImageMap map, List<ImagePages> pages, int mask) {
        ImageMap.Node n = map.nodes.get(r.nextInt(map.nodes.size()));
        byte[] was = new byte[n.firstEnd()];
        pages.get(n.dev()).read(n.off(), was, 0, was.length);
        byte[] now = was.clone();
        int off = r.nextInt(3) == 0 ? 16 + r.nextInt(144) : 160 + r.nextInt(Math.max(1, n.firstEnd() - 160));
        off = Math.min(off, now.length - 1);
        now[off] ^= (byte) mask;
        CsumType t = CsumType.byId((int) (Le.u32(now, 152) & 0xf));
        int end = Math.min(now.length, 160 + Le.u16(now, 158) * 8);
        if (t != null && !t.isEncryption() && end > 16) Checksum.compute(t, now, 16, end - 16).write(now, 0);
        return new Mutation(n.what() + " resealed flip +" + off).patch(n.dev(), n.off(), was, now).onlyBtree(n.btree()).allowDifferent();
    }

    /** One flip in a superblock copy, its checksum then recomputed: field decoders see corrupt but "valid" fields. */
    private static Mutation resealedSuperblock(Random r, ImageMap map, List<ImagePages> pages, int mask) {
        ImageMap.Region reg = map.superblocks.get(r.nextInt(map.superblocks.size()));
        byte[] was = new byte[reg.len()];
        pages.get(reg.dev()).read(reg.off(), was, 0, was.length);
        byte[] now = was.clone();
        int off = r.nextInt(5) < 2 ? 16 + r.nextInt(752 - 16) : 752 + r.nextInt(now.length - 752);
        now[off] ^= (byte) mask;
        long total = 752 + Le.u32(now, 124) * 8;
        CsumType t = CsumType.byId((int) ((Le.u64(now, 144) >>> 2) & 0x3f));
        if (t != null && !t.isEncryption() && total <= now.length) Checksum.compute(t, now, 16, (int) total - 16).write(now, 0);
        return new Mutation(reg.what() + " dev " + reg.dev() + " resealed flip +" + off).patch(reg.dev(), reg.off(), was, now).allowDifferent();
    }

    /** The message with device names dropped and numbers folded, cut to its leading words. */
    private static String prefix(String msg, List<ImagePages> pages) {
        String s = msg;
        for (ImagePages p : pages) s = s.replace(p.name(), "DEV");
        s = s.replaceAll("[0-9a-f]{6,}", "#").replaceAll("\\d+", "#");
        int where = s.indexOf(" (");
        if (where > 0) s = s.substring(0, where);
        return s.length() > 100 ? s.substring(0, 100) : s;
    }

    private static String stack(Throwable t) {
        StringBuilder sb = new StringBuilder(t.toString());
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(st.length, 8); i++) sb.append("\n    at ").append(st[i]);
        return sb.toString();
    }
}
