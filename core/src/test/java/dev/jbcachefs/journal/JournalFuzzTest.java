package dev.jbcachefs.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.testkit.Fixtures;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random damage to the journal area of a real image: reading, listing and replay must either work or
 * fail with a {@link BcachefsException}, never with another exception.
 */
class JournalFuzzTest {
    /** A device whose reads in {@code [from, to)} come back with bytes flipped at random. */
    private record Corrupting(BlockDevice d, long from, long to, long seed, int flips) implements BlockDevice {
        public String name() {
            return d.name();
        }

        public String path() {
            return d.path();
        }

        public long size() {
            return d.size();
        }

        public void read(long pos, byte[] dst, int off, int len) {
            d.read(pos, dst, off, len);
            if (pos + len <= from || pos >= to) return;
            Random r = new Random(seed ^ pos);
            for (int i = 0; i < flips; i++) {
                int at = off + r.nextInt(len);
                long abs = pos + (at - off);
                if (abs < from || abs >= to) continue;
                dst[at] ^= (byte) (1 << r.nextInt(8));
                if (r.nextInt(4) == 0) dst[at] = (byte) r.nextInt(256);
            }
        }

        public void close() {}
    }

    @Test
    void randomDamageNeverEscapesAsAnotherException() {
        JournalRead clean = JournalFixtures.read("default", null);
        long from = Long.MAX_VALUE, to = 0;
        for (JournalEntry e : clean.entries().values()) {
            for (JournalPtr p : e.ptrs()) {
                from = Math.min(from, p.sector() * 512);
                to = Math.max(to, p.sector() * 512 + 65536);
            }
        }
        int failures = 0, runs = 0, problems = 0;
        try (FileBlockDevice d = FileBlockDevice.openReadOnly(Fixtures.imageFile("default"))) {
            for (long seed = 1; seed <= 60; seed++) {
                int flips = seed % 3 == 0 ? 4000 : seed % 3 == 1 ? 40 : 2;
                BlockDevice c = new Corrupting(d, from, to, seed, flips);
                runs++;
                try {
                    JournalRead r = JournalReader.read(List.of(c), null);
                    StringBuilder sb = new StringBuilder();
                    ListJournal.print(r, true, ListJournal.printContext(r), sb);
                    JournalReplay rp = JournalReplay.of(r);
                    rp.roots();
                    for (int[] bl : rp.btreeLevels()) rp.keys(bl[0], bl[1]).size();
                    problems += r.problems().size() + rp.problems().size();
                } catch (BcachefsException e) {
                    System.out.println("journal fuzz seed " + seed + ": " + e.getMessage());
                    failures++;
                }
            }
        }
        System.out.println("journal fuzz: " + runs + " runs, " + failures + " clean BcachefsException failures, " + problems + " problems reported");
        assertThat(runs).isEqualTo(60);
        assertThat(problems).isPositive();
    }
}
