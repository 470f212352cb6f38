package dev.jbcachefs.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.btree.BtreeRoot;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The encrypted image's journal: MACs verified, entries decrypted, listing and replay as upstream. */
class EncryptedJournalReadTest {
    static JournalCrypto crypto() {
        try (FileBlockDevice d = FileBlockDevice.openReadOnly(Fixtures.imageFile("encrypted"))) {
            return KeyedJournalCrypto.open(Superblock.read(d), () -> Fixtures.passphrase().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyEntryVerifiesAndReplayMatchesTheCleanSection() {
        JournalRead r = JournalFixtures.read("encrypted", crypto());
        assertThat(r.entries()).hasSize(9);
        assertThat(r.entries().values()).allMatch(JournalEntry::csumGood);
        assertThat(r.problems()).isEmpty();
        JournalReplay rp = JournalReplay.of(r);
        assertThat(rp.flushSeq()).isEqualTo(r.superblock().cleanSection().journalSeq());
        assertThat(rp.keysRead()).isZero();
        List<String> problems = new java.util.ArrayList<>();
        Map<BtreeId, BtreeRoot> clean = JournalRoots.fromClean(r.superblock().cleanSection(), problems);
        assertThat(problems).isEmpty();
        for (BtreeRoot cr : clean.values()) {
            assertThat(rp.root(cr.btree()).key().valueCopy()).isEqualTo(cr.key().valueCopy());
        }
    }

    @Test
    void unencryptedFilesystemsNeedNoCrypto() {
        try (FileBlockDevice d = FileBlockDevice.openReadOnly(Fixtures.imageFile("default"))) {
            assertThat(KeyedJournalCrypto.open(Superblock.read(d), () -> null)).isNull();
        }
    }

    @Test
    void withoutTheKeyNothingVerifies() {
        JournalRead r = JournalFixtures.read("encrypted", null);
        assertThat(r.entries().values()).noneMatch(JournalEntry::csumGood);
    }

    @Test
    void listJournalMatchesUpstream() {
        String expected = Fixtures.output("encrypted.list_journal.txt.zst");
        JournalRead r = JournalFixtures.read("encrypted", crypto());
        StringBuilder sb = new StringBuilder();
        ListJournal.print(r, true, ListJournal.printContext(r), sb);
        ListJournalCompareTest.Counts c = ListJournalCompareTest.compare(expected, sb.toString());
        System.out.println("list_journal encrypted: " + c);
        assertThat(c.structMatching()).isEqualTo(c.structExpected());
        assertThat(c.keyHeadersMatching()).isEqualTo(c.keyHeadersExpected());
    }
}
