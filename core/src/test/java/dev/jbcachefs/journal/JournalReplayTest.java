package dev.jbcachefs.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.btree.BtreeRoot;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.sb.Clean;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.testkit.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Replay selection and the key overlay against the reference images' MANIFEST facts. */
class JournalReplayTest {
    @Test
    void dirtyJournalReplaysEntry55With27Keys() {
        JournalRead r = JournalFixtures.read("dirty-journal", null);
        JournalReplay rp = JournalReplay.of(r);
        System.out.println("dirty-journal: entries " + r.entries().firstKey() + ".." + r.entries().lastKey() + ", replay "
                + rp.lastSeq() + "-" + rp.flushSeq() + ", replayed " + rp.replayedSeqs() + ", keys read " + rp.keysRead()
                + ", overlay " + rp.size() + ", problems " + r.problems() + rp.problems());
        assertThat(r.entries().keySet()).containsExactly(47L, 48L, 49L, 50L, 51L, 52L, 53L, 54L, 55L);
        assertThat(rp.newestSeq()).isEqualTo(55);
        assertThat(rp.flushSeq()).isEqualTo(55);
        assertThat(rp.lastSeq()).isEqualTo(55);
        assertThat(rp.replayedSeqs()).containsExactly(55L);
        assertThat(rp.keysRead()).isEqualTo(27);
        assertThat(rp.journalClean()).isFalse();
        assertThat(r.superblock().clean()).isFalse();
        assertThat(r.problems()).isEmpty();
        assertThat(rp.problems()).isEmpty();
        // overlay sorted by position inside each btree level, every key from seq 55
        int n = 0;
        for (int[] bl : rp.btreeLevels()) {
            BkeySC prev = null;
            for (Map.Entry<dev.jbcachefs.format.Bpos, JournalKey> e : rp.keys(bl[0], bl[1]).entrySet()) {
                assertThat(e.getValue().seq()).isEqualTo(55);
                assertThat(e.getValue().key().pos()).isEqualTo(e.getKey());
                if (prev != null) assertThat(prev.pos().compareTo(e.getKey())).isNegative();
                prev = e.getValue().key();
                n++;
            }
        }
        assertThat(n).isEqualTo(rp.size()).isPositive().isLessThanOrEqualTo(27);
        int acct = 0;
        for (int[] bl : rp.btreeLevels()) {
            for (Map.Entry<dev.jbcachefs.format.Bpos, JournalKey> e : rp.keys(bl[0], bl[1]).entrySet()) {
                acct += rp.accountingDeltas(bl[0], bl[1], e.getKey()).size();
            }
        }
        System.out.println("dirty-journal overlay: " + rp.size() + " positions in " + rp.btreeLevels().size() + " btree levels, "
                + acct + " accounting deltas");
        assertThat(rp.roots()).isNotEmpty();
        assertThat(rp.root(BtreeId.EXTENTS)).isNotNull();
        // after an unclean shutdown the seqs past the newest flush (plus 64) are not trusted in btree nodes
        assertThat(rp.seqBlacklisted(55)).isFalse();
        assertThat(rp.seqBlacklisted(56)).isTrue();
        assertThat(rp.seqBlacklisted(119)).isTrue();
        assertThat(rp.seqBlacklisted(120)).isFalse();
    }

    @Test
    void cleanImagesReplayOnlyTheirEmptyFinalEntry() {
        for (String image : List.of("default", "zstd", "lz4", "gzip", "crc64", "replicas2", "snapshot")) {
            JournalRead r = JournalFixtures.read(image, null);
            JournalReplay rp = JournalReplay.of(r);
            Superblock sb = r.superblock();
            Clean clean = sb.cleanSection();
            assertThat(sb.clean()).as(image).isTrue();
            assertThat(clean).as(image).isNotNull();
            // the clean section names the newest flush entry, which is empty: nothing to replay
            assertThat(rp.flushSeq()).as(image).isEqualTo(clean.journalSeq()).isEqualTo(rp.newestSeq());
            assertThat(rp.lastSeq()).as(image).isEqualTo(rp.flushSeq());
            assertThat(rp.replayedSeqs()).as(image).containsExactly(rp.flushSeq());
            assertThat(rp.keysRead()).as(image).isZero();
            assertThat(rp.journalClean()).as(image).isTrue();
            assertThat(rp.seqBlacklisted(rp.flushSeq() + 1)).as(image).isFalse();
            // roots in the clean section are those of the final journal entry
            List<String> problems = new ArrayList<>();
            Map<BtreeId, BtreeRoot> cleanRoots = JournalRoots.fromClean(clean, problems);
            assertThat(problems).as(image).isEmpty();
            assertThat(cleanRoots).as(image).hasSize(rp.roots().size()).isNotEmpty();
            for (BtreeRoot cr : cleanRoots.values()) {
                BtreeRoot jr = rp.root(cr.btree());
                assertThat(jr).as(image + " root " + cr.btree()).isNotNull();
                assertThat(jr.level()).isEqualTo(cr.level());
                assertThat(jr.key().k()).isEqualTo(cr.key().k());
                assertThat(jr.key().valueCopy()).isEqualTo(cr.key().valueCopy());
            }
            System.out.println(image + ": clean journal_seq " + clean.journalSeq() + ", entries " + r.entries().firstKey() + ".."
                    + r.entries().lastKey() + ", roots " + cleanRoots.size());
        }
    }

    @Test
    void replayOnlyReadKeepsJustTheDirtyEntriesWithTheSameResult() {
        for (String image : List.of("dirty-journal", "default", "snapshot")) {
            List<dev.jbcachefs.device.BlockDevice> devs = new ArrayList<>();
            for (var p : Fixtures.devices(image)) devs.add(FileBlockDevice.openReadOnly(p));
            JournalRead small;
            try {
                small = JournalReader.read(devs, null, false);
            } finally {
                devs.forEach(dev.jbcachefs.device.BlockDevice::close);
            }
            JournalRead all = JournalFixtures.read(image, null);
            JournalReplay a = JournalReplay.of(all);
            JournalReplay s = JournalReplay.of(small);
            assertThat(small.entries().firstKey()).as(image).isEqualTo(a.lastSeq());
            assertThat(small.entries().size()).as(image).isLessThan(all.entries().size());
            assertThat(s.replayedSeqs()).as(image).isEqualTo(a.replayedSeqs());
            assertThat(s.keysRead()).as(image).isEqualTo(a.keysRead());
            assertThat(s.flushSeq()).isEqualTo(a.flushSeq());
            assertThat(s.lastSeq()).isEqualTo(a.lastSeq());
            assertThat(s.roots()).hasSameSizeAs(a.roots());
        }
    }

    @Test
    void replicas2ReadsEachSeqFromBothDevicesAndEitherAlone() {
        JournalRead both = JournalFixtures.read("replicas2", null);
        for (JournalEntry e : both.entries().values()) {
            assertThat(e.ptrs()).extracting(JournalPtr::dev).containsExactly(0, 1);
            assertThat(e.csumGood()).isTrue();
        }
        try (FileBlockDevice d1 = FileBlockDevice.openReadOnly(Fixtures.imageFile("replicas2-dev1"))) {
            JournalRead one = JournalReader.read(List.of(d1), null);
            assertThat(one.entries().keySet()).isEqualTo(both.entries().keySet());
            assertThat(one.seqReadEnd()).isEqualTo(both.seqReadEnd());
        }
    }
}
