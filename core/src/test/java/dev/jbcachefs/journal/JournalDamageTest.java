package dev.jbcachefs.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.testkit.Fixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader on damaged copies of the default image: each damage costs only what upstream would lose. */
class JournalDamageTest {
    @TempDir
    Path tmp;

    private static JournalRead read(Path img) {
        try (BlockDevice d = FileBlockDevice.openReadOnly(img)) {
            return JournalReader.read(List.of(d), null);
        }
    }

    private static long sectorOf(long seq) {
        return JournalFixtures.read("default", null).entry(seq).ptrs().get(0).sector();
    }

    private static void patch(Path img, long pos, byte[] bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(img.toFile(), "rw")) {
            f.seek(pos);
            f.write(bytes);
        }
    }

    private static byte[] le32(int v) {
        byte[] b = new byte[4];
        Le.put32(b, 0, v);
        return b;
    }

    @Test
    void tornNewestFlushEntryFallsBackToThePreviousFlush() throws IOException {
        JournalRead clean = JournalFixtures.read("default", null);
        long newest = clean.seqReadEnd();
        long previousFlush = 0;
        for (JournalEntry e : clean.entries().values()) {
            if (e.seq() < newest && !e.jset().noFlush()) previousFlush = e.seq();
        }
        Path img = Fixtures.copy("default", tmp);
        long pos = sectorOf(newest) * 512 + 300; // inside the entries, covered by the checksum
        patch(img, pos, new byte[] {0x5a, 0x5a});
        JournalRead r = read(img);
        assertThat(r.entry(newest).csumGood()).isFalse();
        assertThat(r.entry(newest).ignoreBlacklisted()).isTrue();
        assertThat(r.seqReadEnd()).isEqualTo(previousFlush);
        assertThat(r.seqReadStart()).isEqualTo(clean.entry(previousFlush).jset().lastSeq());
        assertThat(r.problems()).anyMatch(p -> p.contains("torn write"));
        assertThat(r.entries().keySet()).isEqualTo(clean.entries().keySet());
    }

    @Test
    void badMagicEndsTheBucket() throws IOException {
        JournalRead clean = JournalFixtures.read("default", null);
        long first = clean.entries().firstKey();
        Path img = Fixtures.copy("default", tmp);
        patch(img, sectorOf(first) * 512 + 16, new byte[8]);
        JournalRead r = read(img);
        assertThat(r.entry(first)).isNull();
        assertThat(r.entries().keySet()).isEqualTo(clean.entries().tailMap(first, false).keySet());
        assertThat(r.seqReadEnd()).isEqualTo(clean.seqReadEnd());
    }

    @Test
    void aLostMiddleEntryIsListedAsMissingAndEndsTheContiguousRun() throws IOException {
        JournalRead clean = JournalFixtures.read("default", null);
        long lost = clean.entries().firstKey() + 4;
        Path img = Fixtures.copy("default", tmp);
        patch(img, sectorOf(lost) * 512 + 16, new byte[8]);
        JournalRead r = read(img);
        assertThat(r.entry(lost)).isNull();
        StringBuilder all = new StringBuilder();
        ListJournal.print(r, true, ListJournal.printContext(r), all);
        assertThat(all).contains("\nmissing 1 entries at " + lost + "-" + lost + "\n\njournal entry     " + (lost + 1) + "\n");
        assertThat(all).contains("journal entry     " + (lost - 1) + "\n");
        StringBuilder contiguous = new StringBuilder();
        ListJournal.print(r, false, ListJournal.printContext(r), contiguous);
        assertThat(contiguous).doesNotContain("journal entry     " + (lost - 1) + "\n").doesNotContain("missing")
                .contains("journal entry     " + (lost + 1) + "\n");
    }

    @Test
    void oversizedJsetIsTruncatedToItsBucketAndFailsItsChecksum() throws IOException {
        JournalRead clean = JournalFixtures.read("default", null);
        long seq = clean.entries().firstKey() + 1;
        Path img = Fixtures.copy("default", tmp);
        patch(img, sectorOf(seq) * 512 + 40, le32(0x7fffffff));
        JournalRead r = read(img);
        assertThat(r.problems()).anyMatch(p -> p.contains("journal entry too big"));
        JournalEntry e = r.entry(seq);
        assertThat(e.csumGood()).isFalse();
        assertThat(e.jset().bytes()).isEqualTo(128 * 512);
        assertThat(r.entries().keySet()).isEqualTo(clean.entries().keySet());
        // the listing still prints it without failing
        StringBuilder sb = new StringBuilder();
        ListJournal.print(r, true, ListJournal.printContext(r), sb);
        assertThat(sb).contains("journal entry     " + seq + "\n  bytes           65536\n");
    }

    @Test
    void incompatibleVersionStopsTheBucket() throws IOException {
        JournalRead clean = JournalFixtures.read("default", null);
        long seq = clean.entries().firstKey();
        Path img = Fixtures.copy("default", tmp);
        patch(img, sectorOf(seq) * 512 + 32, le32((1 << 10) | 99));
        JournalRead r = read(img);
        assertThat(r.entry(seq)).isNull();
        assertThat(r.problems()).anyMatch(p -> p.contains("incompatible journal entry version 1.99"));
    }
}
