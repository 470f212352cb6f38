package dev.jbcachefs.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.sb.Clean;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every jset of the reference journals, decoded by the reader and encoded again by {@link JsetEntryWrite}
 * and {@link JsetWrite}, gives back the bytes upstream wrote (checksum, ciphertext and block padding
 * included); the clean section and the clean-shutdown jset are reproduced from their decoded contents.
 */
class JournalWriteRoundTripTest {
    static JournalCrypto cryptoFor(String image) {
        return image.equals("encrypted") ? EncryptedJournalReadTest.crypto() : null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "crc64", "encrypted", "replicas2", "dirty-journal", "snapshot"})
    void everyJsetReencodesToTheSameBytes(String image) {
        JournalCrypto crypto = cryptoFor(image);
        JournalRead r = JournalFixtures.read(image, crypto);
        assertThat(r.entries()).isNotEmpty();
        int blockSectors = r.superblock().blockSize();
        long magic = Jset.magicFor(r.superblock().uuidLe64());
        List<Path> paths = Fixtures.devices(image);
        List<BlockDevice> devs = new ArrayList<>();
        for (Path p : paths) devs.add(FileBlockDevice.openReadOnly(p));
        int jsets = 0, copies = 0, entries = 0, typed = 0;
        try {
            for (JournalEntry e : r.entries().values()) {
                Jset j = e.jset();
                String where = image + " seq " + j.seq();
                List<String> problems = new ArrayList<>();
                List<JsetEntry> es = j.entries(problems, where);
                ByteArrayBuilder re = new ByteArrayBuilder();
                for (JsetEntry x : es) {
                    byte[] enc = reencode(x, problems, where);
                    if (enc != null) typed++;
                    else enc = JsetEntryWrite.entry(x.typeId(), x.btree(), x.level(), x.buf(), x.dataOff(), x.u64s() * 8);
                    assertThat(enc).as(where + " entry " + x).isEqualTo(Arrays.copyOfRange(x.buf(), x.off(), x.end()));
                    re.add(enc);
                    entries++;
                }
                assertThat(problems).as(where).isEmpty();
                byte[] jset = new JsetWrite(magic, j.version(), j.csumType(), crypto, blockSectors)
                        .encode(j.seq(), j.lastSeq(), j.noFlush(), re.bytes());
                assertThat(jset.length).isEqualTo(j.sectors(blockSectors) * 512);
                for (JournalPtr p : e.ptrs()) {
                    BlockDevice d = devs.get(p.dev());
                    byte[] disk = d.read(p.sector() * 512, jset.length);
                    assertThat(Arrays.equals(jset, disk)).as(where + " on device " + p.dev() + " sector " + p.sector()).isTrue();
                    copies++;
                }
                jsets++;
            }
        } finally {
            for (BlockDevice d : devs) d.close();
        }
        System.out.println("jset round trip " + image + ": " + jsets + " jsets, " + copies + " on-disk copies, " + entries + " entries ("
                + typed + " through typed encoders) identical");
        assertThat(typed).isEqualTo(entries);
    }

    /** The typed encoder for a decoded entry, or null for a type without one. */
    static byte[] reencode(JsetEntry x, List<String> problems, String where) {
        JsetEntryType t = x.type();
        if (t == null) return null;
        return switch (t) {
            case BTREE_ROOT -> {
                List<BkeySC> k = x.keys(problems, where);
                assertThat(k).hasSize(1);
                yield JsetEntryWrite.btreeRoot(new JsetEntryWrite.Root(x.btree(), x.level(), k.get(0)));
            }
            case BTREE_KEYS, OVERWRITE, WRITE_BUFFER_KEYS, LOG_BKEY -> JsetEntryWrite.keys(t, x.btree(), x.level(), x.keys(problems, where));
            case USAGE -> JsetEntryWrite.usage(x.btree(), x.usageValue());
            case CLOCK -> JsetEntryWrite.clock(x.clockRw(), x.clockTime());
            case DATETIME -> JsetEntryWrite.datetime(x.datetimeSeconds());
            case BLACKLIST_V2 -> JsetEntryWrite.blacklistV2(x.blacklistStart(), x.blacklistEnd());
            case LOG -> {
                int n = x.u64s() * 8;
                while (n > 0 && x.buf()[x.dataOff() + n - 1] == 0) n--;
                byte[] msg = Arrays.copyOfRange(x.buf(), x.dataOff(), x.dataOff() + n);
                yield x.level() == 0 ? JsetEntryWrite.transactionName(msg) : JsetEntryWrite.log(x.level(), msg);
            }
            default -> null;
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "crc64", "encrypted", "replicas2", "snapshot"})
    void cleanSectionAndCleanShutdownJsetAreReproduced(String image) {
        JournalCrypto crypto = cryptoFor(image);
        JournalRead r = JournalFixtures.read(image, crypto);
        Clean clean = r.superblock().cleanSection();
        assertThat(r.superblock().clean()).isTrue();
        JournalEntry last = r.entries().lastEntry().getValue();
        Jset j = last.jset();
        // the rule JournalWrite documents: newest jset = flush, seq == last_seq == clean journal_seq, empty
        assertThat(j.seq()).isEqualTo(clean.journalSeq());
        assertThat(j.lastSeq()).isEqualTo(j.seq());
        assertThat(j.noFlush()).isFalse();
        assertThat(r.journalClean()).isTrue();

        List<String> problems = new ArrayList<>();
        List<JsetEntryWrite.Root> roots = new ArrayList<>();
        long seconds = -1;
        JsetEntryWrite.SuperEntries se = null;
        long keyVersion = -1, read = -1, write = -1;
        for (JsetEntry x : j.entries(problems, image)) {
            switch (x.type()) {
                case BTREE_ROOT -> roots.add(new JsetEntryWrite.Root(x.btree(), x.level(), x.keys(problems, image).get(0)));
                case DATETIME -> seconds = x.datetimeSeconds();
                case USAGE -> keyVersion = x.usageValue();
                case CLOCK -> {
                    if (x.clockRw() == 0) read = x.clockTime();
                    else write = x.clockTime();
                }
                default -> {}
            }
        }
        se = new JsetEntryWrite.SuperEntries(keyVersion, read, write);
        byte[] jset = JournalWrite.cleanJset(JsetWrite.forSuperblock(r.superblock(), crypto), j.seq(), roots, se, seconds);
        JournalPtr p = last.ptrs().getFirst();
        try (FileBlockDevice d = FileBlockDevice.openReadOnly(Fixtures.devices(image).get(p.dev()))) {
            assertThat(Arrays.equals(jset, d.read(p.sector() * 512, jset.length))).as(image + " clean-shutdown jset").isTrue();
        }
        byte[] section = JsetEntryWrite.cleanSection(se, roots);
        assertThat(section).isEqualTo(Arrays.copyOfRange(clean.buf(), clean.entriesOff(), clean.entriesEnd()));
        dev.jbcachefs.sb.SbField f = r.superblock().field(dev.jbcachefs.sb.SbFieldType.CLEAN);
        assertThat(JsetEntryWrite.cleanFieldBody(clean.journalSeq(), se, roots))
                .isEqualTo(Arrays.copyOfRange(f.sb(), f.bodyOff(), f.bodyOff() + f.bodyLen()));
        assertThat(problems).isEmpty();
        System.out.println("clean " + image + ": jset " + j.seq() + " (" + roots.size() + " roots, " + jset.length
                + " bytes) and clean section (" + section.length + " bytes) identical");
    }

    /** Appends byte arrays. */
    static final class ByteArrayBuilder {
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        void add(byte[] b) {
            out.writeBytes(b);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
