package dev.jbcachefs.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.btree.BtreeRoot;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.device.BlockDevice;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.format.Bkey;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.sb.Members;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A fresh journal written by {@link JournalWrite} onto copies of the reference devices (their journal
 * buckets zeroed first) reads back through {@link JournalReader} with the same entries and keys, in the
 * places the writer reported, and satisfies the clean-journal rule.
 */
class FreshJournalWriteTest {
    @TempDir
    Path tmp;

    /** A btree_ptr_v2 root key pointing at {@code bucket} of device 0. */
    static BkeySC rootKey(long seq, long bucket, int bucketSectors) {
        byte[] v = new byte[48];
        Le.put64(v, 8, seq);
        Le.put16(v, 16, 8); // sectors written
        Bpos.POS_MIN.write(v, 20);
        long ptr = 1L | (bucket * bucketSectors) << 4; // type ptr, dev 0, gen 0
        Le.put64(v, 40, ptr);
        Bkey k = new Bkey(Bkey.U64S + 6, Bkey.U64S, false, KeyType.BTREE_PTR_V2.id(), 0, 0, 0, Bpos.SPOS_MAX);
        return new BkeySC(k, v, 0, v.length);
    }

    static BkeySC cookie(long inode, long value) {
        byte[] v = new byte[8];
        Le.put64(v, 0, value);
        Bkey k = new Bkey(Bkey.U64S + 1, Bkey.U64S, false, KeyType.COOKIE.id(), 0, 0, 0, new Bpos(inode, 0, -1));
        return new BkeySC(k, v, 0, v.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "encrypted", "replicas2"})
    void freshJournalReadsBack(String image) throws Exception {
        JournalCrypto crypto = JournalWriteRoundTripTest.cryptoFor(image);
        List<Path> copies = new ArrayList<>();
        for (Path p : Fixtures.devices(image)) {
            Path c = tmp.resolve(p.getFileName());
            Files.copy(p, c);
            copies.add(c);
        }
        List<FileBlockDevice> devs = new ArrayList<>();
        for (Path c : copies) devs.add(FileBlockDevice.openReadWrite(c, 0));
        Superblock sb = Superblock.read(devs.getFirst());
        int bucketSectors = sb.members().get(sb.devIdx()).bucketSize();
        JsetWrite w = JsetWrite.forSuperblock(sb, crypto);
        assertThat(w.csumType()).isEqualTo(crypto != null ? CsumType.CHACHA20_POLY1305_128 : CsumType.CRC32C_NONZERO);

        List<JsetEntryWrite.Root> roots = List.of(
                new JsetEntryWrite.Root(BtreeId.EXTENTS.id(), 1, rootKey(0x1111, 100, bucketSectors)),
                new JsetEntryWrite.Root(BtreeId.INODES.id(), 0, rootKey(0x2222, 101, bucketSectors)),
                new JsetEntryWrite.Root(BtreeId.ALLOC.id(), 2, rootKey(0x3333, 102, bucketSectors)),
                new JsetEntryWrite.Root(BtreeId.NR - 1, 0, rootKey(0x4444, 103, bucketSectors)));
        JsetEntryWrite.SuperEntries se = new JsetEntryWrite.SuperEntries(7, 11, 22);
        List<BkeySC> keys = List.of(cookie(4096, 1), cookie(4097, 2));
        byte[] e10 = JsetEntryWrite.concat(List.of(
                JsetEntryWrite.transactionName("jbcachefs_format".getBytes(StandardCharsets.UTF_8)),
                JsetEntryWrite.btreeKeys(BtreeId.INODES.id(), 0, keys),
                JsetEntryWrite.btreeRoots(roots),
                JsetEntryWrite.datetime(1_700_000_000L),
                JsetEntryWrite.superEntries(se)));
        byte[] big = new byte[61 * 1024]; // 61 KiB of message: a whole 64 KiB bucket, forcing the next bucket
        Arrays.fill(big, (byte) 'm');
        byte[] e11 = JsetEntryWrite.concat(List.of(JsetEntryWrite.log(1, big), JsetEntryWrite.btreeRoots(roots), JsetEntryWrite.superEntries(se)));
        byte[][] jsets = {
                w.encode(10, 10, false, e10),
                w.encode(11, 10, true, e11),
                JournalWrite.cleanJset(w, 12, roots, se, 1_700_000_001L)};

        List<JournalWrite> writers = new ArrayList<>();
        List<List<JournalPtr>> placed = new ArrayList<>();
        for (FileBlockDevice d : devs) {
            Superblock dsb = Superblock.read(d);
            byte[] zero = new byte[bucketSectors * 512];
            for (long b : JournalWrite.buckets(dsb.journalBuckets())) d.write(b * zero.length, zero);
            JournalWrite jw = JournalWrite.forDevice(d, dsb);
            List<JournalPtr> ptrs = new ArrayList<>();
            for (byte[] j : jsets) ptrs.add(jw.append(j));
            d.flush();
            writers.add(jw);
            placed.add(ptrs);
        }
        assertThat(placed.getFirst()).extracting(JournalPtr::bucketIdx).containsExactly(0, 1, 2);
        assertThat(placed.getFirst()).extracting(JournalPtr::bucketOffset).containsExactly(0, 0, 0);
        assertThat(writers.getFirst().bucketIdx()).isEqualTo(2);
        assertThat(writers.getFirst().bucketOffset()).isEqualTo(jsets[2].length / 512);

        List<BlockDevice> ro = new ArrayList<>(devs);
        JournalRead r = JournalReader.read(ro, crypto);
        for (FileBlockDevice d : devs) d.close();

        assertThat(r.problems()).isEmpty();
        assertThat(r.entries().keySet()).containsExactly(10L, 11L, 12L);
        assertThat(r.entries().values()).allMatch(JournalEntry::csumGood);
        assertThat(r.seqReadEnd()).isEqualTo(12);
        assertThat(r.seqReadStart()).isEqualTo(12);
        assertThat(r.journalClean()).isTrue();
        byte[][] entries = {e10, e11, null};
        for (int i = 0; i < 3; i++) {
            JournalEntry e = r.entry(10 + i);
            assertThat(e.ptrs()).hasSize(devs.size());
            for (JournalPtr p : e.ptrs()) {
                JournalPtr w0 = placed.get(p.dev()).get(i);
                assertThat(p.sector()).isEqualTo(w0.sector());
                assertThat(p.bucketIdx()).isEqualTo(w0.bucketIdx());
            }
            Jset j = e.jset();
            if (entries[i] != null) {
                assertThat(Arrays.copyOfRange(j.buf(), j.off() + Jset.HEADER_BYTES, (int) (j.off() + j.bytes()))).isEqualTo(entries[i]);
            }
        }
        assertThat(r.entry(11).jset().noFlush()).isTrue();
        assertThat(r.entry(11).jset().lastSeq()).isZero();

        List<String> problems = new ArrayList<>();
        List<BkeySC> readKeys = r.entry(10).jset().entries(problems, "seq 10").stream()
                .filter(x -> x.typeId() == JsetEntryType.BTREE_KEYS.id()).flatMap(x -> x.keys(problems, "seq 10").stream()).toList();
        assertThat(readKeys).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(readKeys.get(i).k()).isEqualTo(keys.get(i).k());
            assertThat(readKeys.get(i).valueCopy()).isEqualTo(keys.get(i).valueCopy());
        }
        Map<BtreeId, BtreeRoot> got = JournalRoots.fromEntries(r.entry(12).jset().entries(problems, "seq 12"), problems, "seq 12");
        assertThat(problems).isEmpty();
        assertThat(got).hasSize(roots.size());
        for (JsetEntryWrite.Root root : roots) {
            BtreeRoot g = got.get(BtreeId.byId(root.btree()));
            assertThat(g.level()).isEqualTo(root.level());
            assertThat(g.key().k()).isEqualTo(root.key().k());
            assertThat(g.key().valueCopy()).isEqualTo(root.key().valueCopy());
        }
        JournalReplay rp = JournalReplay.of(r);
        assertThat(rp.flushSeq()).isEqualTo(12);
        assertThat(rp.keysRead()).isZero();
        System.out.println("fresh journal " + image + ": 3 jsets on " + devs.size() + " device(s), read back identical; next write at bucket "
                + writers.getFirst().bucketIdx() + " offset " + writers.getFirst().bucketOffset());
    }

    @Test
    void refusesWhatDoesNotFit() throws Exception {
        Path img = tmp.resolve("small.img");
        try (FileBlockDevice d = FileBlockDevice.openReadWrite(img, 1 << 20)) {
            JournalWrite jw = new JournalWrite(d, 0, List.of(1L, 2L), 16, 8); // two 8 KiB buckets, 4 KiB blocks
            JsetWrite w = new JsetWrite(Jset.magicFor(42), Superblock.VERSION_MAX, CsumType.CRC32C_NONZERO, null, 8);
            byte[] one = w.encode(1, 1, false, JsetEntryWrite.datetime(1));
            assertThat(one).hasSize(4096);
            jw.append(one);
            jw.append(w.encode(2, 2, false, JsetEntryWrite.datetime(2)));
            jw.append(w.encode(3, 3, false, JsetEntryWrite.datetime(3)));
            assertThat(jw.bucketIdx()).isEqualTo(1);
            assertThat(jw.bucketOffset()).isEqualTo(8);
            jw.append(w.encode(4, 4, false, JsetEntryWrite.datetime(4)));
            assertThatThrownBy(() -> jw.append(w.encode(5, 5, false, JsetEntryWrite.datetime(5))))
                    .isInstanceOf(BcachefsException.class).hasMessageContaining("journal full");
            assertThatThrownBy(() -> jw.append(new byte[100])).hasMessageContaining("not whole blocks");
            assertThatThrownBy(() -> new JournalWrite(d, 0, List.of(1000L), 16, 8)).hasMessageContaining("beyond the end");
            byte[] huge = w.encode(6, 6, false, JsetEntryWrite.log(1, new byte[9000]));
            assertThatThrownBy(() -> jw.append(huge)).hasMessageContaining("does not fit a bucket");
            assertThatThrownBy(() -> w.encode(0, 0, false, new byte[0])).hasMessageContaining("seq 0");
            assertThatThrownBy(() -> w.encode(5, 6, false, new byte[0])).hasMessageContaining("newer than seq");
            assertThatThrownBy(() -> w.encode(5, 5, false, new byte[] {9, 0, 0, 0, 0, 0, 0, 0})).hasMessageContaining("extends past end");
            assertThatThrownBy(() -> new JsetWrite(1, Superblock.VERSION_MAX, CsumType.CHACHA20_POLY1305_128, null, 8)).hasMessageContaining("key");
        }
    }

    @Test
    void entryEncodersRejectBadInput() {
        BkeySC k = cookie(1, 1);
        BkeySC bad = new BkeySC(new Bkey(Bkey.U64S, Bkey.U64S, false, KeyType.COOKIE.id(), 0, 0, 0, Bpos.POS_MIN), new byte[8], 0, 8);
        assertThatThrownBy(() -> JsetEntryWrite.keyBytes(bad)).isInstanceOf(BcachefsException.class).hasMessageContaining("does not hold");
        assertThatThrownBy(() -> JsetEntryWrite.keys(JsetEntryType.CLOCK, 0, 0, List.of(k))).hasMessageContaining("does not hold keys");
        assertThatThrownBy(() -> JsetEntryWrite.clock(2, 0)).hasMessageContaining("rw 2");
        assertThatThrownBy(() -> JsetEntryWrite.blacklistV2(5, 4)).hasMessageContaining("start 5 > end 4");
        assertThatThrownBy(() -> new JsetEntryWrite.Root(64, 0, k)).hasMessageContaining("btree id 64");
        byte[] e = JsetEntryWrite.btreeKeys(3, 0, List.of(k, k));
        assertThat(Le.u16(e, 0)).isEqualTo(12);
        assertThat(e[2]).isEqualTo((byte) 3);
        assertThat(e[4]).isEqualTo((byte) JsetEntryType.BTREE_KEYS.id());
        assertThat(JsetEntryWrite.transactionName("a-name-longer-than-thirty-two-bytes-total".getBytes(StandardCharsets.UTF_8))).hasSize(40);
        assertThat(JsetEntryWrite.ENTRY_U64S_RESERVED).isEqualTo(465);
    }
}
