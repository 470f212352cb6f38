package dev.jbcachefs.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.sb.Crypt;
import dev.jbcachefs.sb.JournalV2;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Unlocks the encrypted reference image and proves the journal nonce and MAC layout: every jset in the
 * journal buckets has a matching chacha20_poly1305_128 MAC, and its decrypted header and entries agree
 * with what {@code bcachefs list_journal} printed.
 */
class EncryptedJournalTest extends EncryptedImage {
    @Test
    void cryptFieldMatchesShowSuper() {
        Crypt c = Kdf.cryptField(sb);
        assertThat(c.scryptNLog2()).isEqualTo(14);
        assertThat(c.scryptRLog2()).isEqualTo(3);
        assertThat(c.scryptPLog2()).isEqualTo(4);
        assertThat(c.keyIsEncrypted()).isTrue();
        assertThat(Crypto.keyIsEncrypted(sb)).isTrue();
        StringBuilder out = new StringBuilder();
        c.toText(out);
        assertThat(Fixtures.output("encrypted.show-super.txt")).contains("crypt (size 64):\n" + out);
        assertThat(c.toString()).doesNotContain("bch**key");
        assertThat(key.toString()).isEqualTo("BchKey[redacted]");
    }

    @Test
    void wrongPassphraseIsRejected() {
        assertThatThrownBy(() -> Crypto.unlock(sb, "bcachefs-fixture-passphrasf".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BcachefsException.class)
                .hasMessage("wrong passphrase for encrypted.img")
                .extracting(e -> ((BcachefsException) e).code()).isEqualTo(ErrorCode.BAD_PASSPHRASE);
        assertThatThrownBy(() -> Crypto.unlock(sb, null))
                .extracting(e -> ((BcachefsException) e).code()).isEqualTo(ErrorCode.BAD_PASSPHRASE);
    }

    @Test
    void unencryptedFilesystemHasNoKey() {
        try (var d = FileBlockDevice.openReadOnly(Fixtures.imageFile("default"))) {
            Superblock plain = Superblock.read(d);
            assertThat(Crypto.keyIsEncrypted(plain)).isFalse();
            assertThat(Kdf.cryptField(plain)).isNull();
            assertThatThrownBy(() -> Crypto.unlock(plain, new byte[0]))
                    .extracting(e -> ((BcachefsException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }

    /** One journal entry as list_journal prints its header. */
    record Entry(long seq, long bytes, long lastSeq, boolean flush, long sector) {}

    @Test
    void everyJsetMacMatchesAndDecryptsToWhatListJournalPrinted() {
        int bucketBytes = sb.members().get(0).bucketSize() * 512;
        int blockBytes = sb.blockSize() * 512;
        long magic = sb.uuidLe64() ^ 0x245235c1a3625032L;
        List<Entry> found = new ArrayList<>();
        int macs = 0;
        for (JournalV2.Range r : sb.journalBuckets()) {
            for (long bucket = r.start(); bucket < r.start() + r.nr(); bucket++) {
                byte[] buf = dev.read(bucket * bucketBytes, bucketBytes);
                int off = 0;
                while (off + 56 <= bucketBytes && Le.u64(buf, off + 16) == magic) {
                    long seq = Le.u64(buf, off + 24);
                    long flags = Le.u32(buf, off + 36);
                    int u64s = (int) Le.u32(buf, off + 40);
                    int bytes = 56 + u64s * 8;
                    assertThat(off + bytes).isLessThanOrEqualTo(bucketBytes);
                    CsumType t = CsumType.byId((int) (flags & 0xf));
                    assertThat(t).isEqualTo(CsumType.CHACHA20_POLY1305_128);
                    Nonce nonce = Nonce.journal(buf, off);
                    assertThat(nonce).isEqualTo(new Nonce(0, (int) seq, (int) (seq >>> 32), 3 << 28));
                    Csum got = Crypto.checksum(t, key, nonce, buf, off + 16, bytes - 16);
                    assertThat(got).as("MAC of jset seq %d", seq).isEqualTo(Csum.read(buf, off));
                    macs++;
                    assertThat(Crypto.jsetChecksum(t, key, buf, off)).isEqualTo(got);
                    byte[] manual = buf.clone();
                    Crypto.crypt(key, nonce, manual, off + 44, bytes - 44);
                    Crypto.cryptJset(key, buf, off);
                    assertThat(buf).isEqualTo(manual);
                    long lastSeq = Le.u64(buf, off + 48);
                    assertEntriesWellFormed(buf, off + 56, off + bytes, seq);
                    boolean flush = (flags & (1 << 5)) == 0;
                    found.add(new Entry(seq, bytes, lastSeq, flush, (bucket * bucketBytes + off) / 512));
                    off += (bytes + blockBytes - 1) / blockBytes * blockBytes;
                }
            }
        }
        found.sort(java.util.Comparator.comparingLong(Entry::seq));
        assertThat(macs).isEqualTo(9);
        assertThat(found).containsExactlyElementsOf(expectedEntries());
    }

    /** The decrypted entries tile the jset exactly and carry known entry types and btree ids. */
    private static void assertEntriesWellFormed(byte[] b, int off, int end, long seq) {
        int n = 0;
        while (off < end) {
            int u64s = Le.u16(b, off);
            int btreeId = Le.u8(b, off + 2);
            int level = Le.u8(b, off + 3);
            int type = Le.u8(b, off + 4);
            assertThat(type).as("jset %d entry %d type", seq, n).isBetween(0, 15);
            assertThat(btreeId).as("jset %d entry %d btree", seq, n).isLessThan(27);
            assertThat(level).isLessThan(4);
            assertThat(b[off + 5] | b[off + 6] | b[off + 7]).as("pad").isZero();
            off += 8 + u64s * 8;
            n++;
        }
        assertThat(off).as("entries of jset %d end exactly at u64s", seq).isEqualTo(end);
        assertThat(n).isPositive();
    }

    private static List<Entry> expectedEntries() {
        String text = Fixtures.output("encrypted.list_journal.txt.zst");
        Pattern p = Pattern.compile("journal entry +(\\d+)\n  bytes +(\\d+)\n  sectors +\\d+\n  version +\\d+\n  last seq +(\\d+)\n"
                + "  flush +(\\d)\n  written at +\\S+ \\S+ \\(sector (\\d+)\\)");
        Matcher m = p.matcher(text);
        List<Entry> out = new ArrayList<>();
        while (m.find()) {
            out.add(new Entry(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                    m.group(4).equals("1"), Long.parseLong(m.group(5))));
        }
        assertThat(out).hasSize(9);
        return out;
    }
}
