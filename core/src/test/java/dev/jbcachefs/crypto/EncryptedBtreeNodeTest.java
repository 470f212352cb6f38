package dev.jbcachefs.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.format.BkeyFormat;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.sb.Clean;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Proves the btree node nonce and MAC layout on the encrypted image: every bset of every node that
 * {@code list -m formats} printed, and of every btree root in the clean section, has a matching
 * chacha20_poly1305_128 MAC; decrypted, the node header carries the printed btree, level, min/max key
 * and bkey_format, and the keys of every bset tile it exactly.
 */
class EncryptedBtreeNodeTest extends EncryptedImage {
    /** A node read, verified and decrypted. */
    record Node(byte[] b, long seq, int bsets) {
        long flags() {
            return Le.u64(b, 24);
        }

        int btreeId() {
            return (int) ((flags() & 0xf) | ((flags() >>> 9) & 0xffff) << 4);
        }

        int level() {
            return (int) ((flags() >>> 4) & 0xf);
        }
    }

    /** Reads {@code writtenSectors} of the node at byte {@code pos}, verifies each bset's MAC and decrypts. */
    static Node readNode(long pos, int writtenSectors) {
        int blockBytes = sb.blockSize() * 512;
        int written = writtenSectors * 512;
        byte[] b = dev.read(pos, written);
        long magic = sb.uuidLe64() ^ 0x90135c78b99e07f5L;
        assertThat(Le.u64(b, 16)).as("node magic at %d", pos).isEqualTo(magic);
        long nodeSeq = Le.u64(b, 136);
        int off = 0;
        int bsets = 0;
        while (off < written) {
            int bset = off == 0 ? 136 : off + 16;
            int keys = off == 0 ? 160 : off + 40;
            long seq = Le.u64(b, bset);
            long journalSeq = Le.u64(b, bset + 8);
            long bsetFlags = Le.u32(b, bset + 16);
            int u64s = Le.u16(b, bset + 22);
            int end = keys + u64s * 8;
            assertThat(seq).as("bset seq at node %d + %d", pos, off).isEqualTo(nodeSeq);
            assertThat(end).isLessThanOrEqualTo(written);
            assertThat(CsumType.byId((int) (bsetFlags & 0xf))).isEqualTo(CsumType.CHACHA20_POLY1305_128);
            assertThat(bsetFlags >>> 16).as("BSET_OFFSET").isEqualTo(off / 512);
            Nonce nonce = Nonce.btree(seq, journalSeq, off);
            assertThat(Crypto.bsetNonce(b, off)).isEqualTo(nonce);
            Csum got = Crypto.checksum(CsumType.CHACHA20_POLY1305_128, key, nonce, b, off + 16, end - off - 16);
            assertThat(got).as("MAC of bset at node %d + %d", pos, off).isEqualTo(Csum.read(b, off));
            assertThat(Crypto.bsetChecksum(CsumType.CHACHA20_POLY1305_128, key, b, off, end)).isEqualTo(got);
            if (off == 0) {
                byte[] manual = b.clone();
                Crypto.crypt(key, nonce, manual, 24, 136 - 24);
                Crypto.crypt(key, nonce.add(128), manual, keys, end - keys);
                Crypto.cryptBset(key, b, off, end);
                assertThat(b).isEqualTo(manual);
            } else {
                Crypto.cryptBset(key, b, off, end);
            }
            int k = keys;
            while (k < end) {
                int ku = BkeyFormat.keyU64sAt(b, k);
                assertThat(ku).as("key u64s at node %d byte %d", pos, k).isPositive();
                k += ku * 8;
            }
            assertThat(k).as("keys of bset at node %d + %d tile it", pos, off).isEqualTo(end);
            bsets++;
            off = (end + blockBytes - 1) / blockBytes * blockBytes;
        }
        return new Node(b, nodeSeq, bsets);
    }

    @Test
    void everyListedNodeVerifiesAndDecryptsToItsPrintedFormat() {
        String text = Fixtures.output("encrypted.list-nodes.txt");
        Pattern section = Pattern.compile("##### btree (\\w+) formats");
        Pattern node = Pattern.compile("\nl (\\d) (\\S+) - (\\S+):\n    ptrs: \nseq ([0-9a-f]+) written (\\d+) [^\n]*\n"
                + "ptr: \\S+ 0:(\\d+):(\\d+) gen \\d+\n    format: (.*?)    unpack fn len");
        int nodes = 0, bsets = 0;
        Matcher s = section.matcher(text);
        while (s.find()) {
            int sectionEnd = text.indexOf("\n#####", s.end());
            String body = text.substring(s.end(), sectionEnd < 0 ? text.length() : sectionEnd);
            BtreeId id = BtreeId.byName(s.group(1));
            Matcher m = node.matcher(body);
            while (m.find()) {
                long pos = (Long.parseLong(m.group(6)) * sb.members().get(0).bucketSize() + Long.parseLong(m.group(7))) * 512;
                Node n = readNode(pos, Integer.parseInt(m.group(5)));
                assertThat(Long.toHexString(n.seq())).isEqualTo(m.group(4));
                assertThat(n.btreeId()).isEqualTo(id.id());
                assertThat(n.level()).isEqualTo(Integer.parseInt(m.group(1)));
                assertThat(Bpos.read(n.b(), 32).toString()).isEqualTo(m.group(2));
                assertThat(Bpos.read(n.b(), 52).toString()).isEqualTo(m.group(3));
                BkeyFormat f = BkeyFormat.read(n.b(), 80);
                assertThat(f.validate()).isNull();
                assertThat(f.toString()).isEqualTo(m.group(8));
                nodes++;
                bsets += n.bsets();
            }
        }
        assertThat(nodes).isEqualTo(11);
        assertThat(bsets).isGreaterThan(nodes);
    }

    @Test
    void everyCleanSectionRootVerifies() {
        Clean clean = sb.cleanSection();
        byte[] b = clean.buf();
        int roots = 0;
        for (int off = clean.entriesOff(); off < clean.entriesEnd(); ) {
            int u64s = Le.u16(b, off);
            int btree = Le.u8(b, off + 2);
            int level = Le.u8(b, off + 3);
            int type = Le.u8(b, off + 4);
            if (type == 1) { // btree_root: one unpacked btree_ptr_v2 key
                int k = off + 8;
                int valOff = k + 40;
                long seq = Le.u64(b, valOff + 8);
                int written = Le.u16(b, valOff + 16);
                long ptr = Le.u64(b, valOff + 40);
                long sector = (ptr >>> 4) & ((1L << 44) - 1);
                Node n = readNode(sector * 512, written);
                assertThat(n.seq()).isEqualTo(seq);
                assertThat(n.btreeId()).isEqualTo(btree);
                assertThat(n.level()).isEqualTo(level);
                assertThat(BkeyFormat.read(n.b(), 80).validate()).isNull();
                roots++;
            }
            off += 8 + u64s * 8;
        }
        assertThat(roots).isEqualTo(15);
    }
}
