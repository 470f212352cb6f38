package dev.jbcachefs.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.testkit.Fixtures;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Corruption that a checksum cannot catch because the node's checksum is recomputed after the damage (a
 * buggy or hostile writer): an invalid {@code bkey_format}, impossible key sizes, keys out of order, a
 * node that claims another btree or level, a bset longer than the node. Each must be refused with one
 * line naming the device, the btree and the problem, never an unchecked exception or garbage keys.
 */
class CraftedCorruptionTest {
    /** Offsets in {@code struct btree_node}: flags, format, bset u64s, first key. */
    private static final int FLAGS = 24, FORMAT = 80, BSET_FLAGS = 152, BSET_U64S = 158, KEYS = 160;
    private static List<ImagePages> pages;
    private static ImageMap.Node leaf;
    private static ImageMap map;

    @BeforeAll
    static void open() {
        pages = List.of(new ImagePages(Fixtures.imageFile("default")));
        map = ImageMap.of(pages);
        // a leaf with a packed first bset of many keys: the inodes leaf of the default image
        leaf = map.nodes.stream().filter(n -> n.what().startsWith("btree inodes level 0") && n.firstEnd() - KEYS > 1024).findFirst().orElseThrow();
    }

    @AfterAll
    static void close() {
        pages.get(0).close();
    }

    @Test
    void formatFieldWiderThan64Bits() {
        assertRefused(b -> b[FORMAT + 2 + 1] = 65, "invalid bkey format: field 1 too large");
    }

    @Test
    void formatKeyU64sInconsistentWithFieldBits() {
        assertRefused(b -> b[FORMAT] = (byte) (b[FORMAT] + 1), "invalid bkey format: incorrect key_u64s");
    }

    @Test
    void formatWithWrongFieldCount() {
        assertRefused(b -> b[FORMAT + 1] = 7, "invalid bkey format: incorrect number of fields");
    }

    @Test
    void keyWithZeroU64s() {
        assertRefused(b -> b[KEYS] = 0, "u64s 0");
    }

    @Test
    void keyShorterThanItsFormat() {
        assertRefused(b -> b[KEYS] = 1, "< format key_u64s");
    }

    @Test
    void lastKeyRunningPastItsBset() {
        assertRefused(b -> {
            int last = lastKey(b);
            b[last] = (byte) 0xff;
        }, "runs past the end of its bset");
    }

    @Test
    void keyWithUnknownPackingFormat() {
        assertRefused(b -> b[KEYS + 1] = 5, "invalid format 5");
    }

    @Test
    void keysOutOfOrder() {
        assertRefused(b -> {
            // swap the first two adjacent keys of equal size
            int end = KEYS + Le.u16(b, BSET_U64S) * 8;
            for (int o = KEYS; o < end;) {
                int u = (b[o] & 0xff) * 8;
                int n = o + u;
                if (n < end && (b[n] & 0xff) * 8 == u) {
                    byte[] t = java.util.Arrays.copyOfRange(b, o, n);
                    System.arraycopy(b, n, b, o, u);
                    System.arraycopy(t, 0, b, n, u);
                    return;
                }
                o = n;
            }
            throw new AssertionError("no two adjacent keys of equal size");
        }, "keys out of order");
    }

    @Test
    void nodeClaimsAnotherBtree() {
        assertRefused(b -> b[FLAGS] = (byte) ((b[FLAGS] & 0xf0) | 2), "btree node header says btree dirents level 0, expected inodes level 0");
    }

    @Test
    void nodeClaimsAnotherLevel() {
        assertRefused(b -> b[FLAGS] = (byte) ((b[FLAGS] & 0x0f) | 0x30), "btree node header says btree inodes level 3, expected inodes level 0");
    }

    @Test
    void bsetLongerThanTheNode() {
        assertRefused(b -> Le.put16(b, BSET_U64S, 0xffff), "bset past end of btree node");
    }

    @Test
    void minKeyAboveMaxKey() {
        assertRefused(b -> {
            System.arraycopy(b, 52, b, 32, 20); // min_key = max_key ...
            b[32 + 19] = (byte) 0xff; // ... then above it (top byte of the inode, LE field order snapshot/offset/inode)
        }, "min_key");
    }

    @Test
    void laterBsetWithForeignSeqWhereThePointerSaysWritten() {
        // a node with a second bset: changing that bset's seq must not silently drop its keys
        ImageMap.Node n = map.nodes.stream().filter(x -> x.written() > (x.firstEnd() + 4095) / 4096 * 4096).findFirst().orElseThrow();
        long at = n.off() + (n.firstEnd() + 4095) / 4096 * 4096 + 16;
        Mutation m = new Mutation("later bset seq").xor(n.dev(), at, 1).onlyBtree(n.btree());
        Listing l = CorruptSweepTest.listing(pages, m);
        assertThat(l.errors()).hasSize(1);
        assertThat(l.errors().get(0).getMessage()).doesNotContain("\n").contains("btree node data missing: expected ")
                .contains("default.img btree " + n.btree().upstreamName());
    }

    private static int lastKey(byte[] b) {
        int end = KEYS + Le.u16(b, BSET_U64S) * 8;
        int last = KEYS;
        for (int o = KEYS; o < end; o += (b[o] & 0xff) * 8) last = o;
        return last;
    }

    /** Applies {@code damage} to the leaf's first bset, re-seals its checksum, lists inodes, expects {@code phrase}. */
    private static void assertRefused(Consumer<byte[]> damage, String phrase) {
        byte[] was = new byte[leaf.written()];
        pages.get(0).read(leaf.off(), was, 0, was.length);
        byte[] b = was.clone();
        damage.accept(b);
        CsumType t = CsumType.byId((int) (Le.u32(b, BSET_FLAGS) & 0xf));
        assertThat(t).isEqualTo(CsumType.CRC32C_NONZERO);
        int end = Math.min(b.length, KEYS + Le.u16(b, BSET_U64S) * 8);
        Checksum.compute(t, b, 16, end - 16).write(b, 0);
        Mutation m = new Mutation("crafted " + phrase).patch(leaf.dev(), leaf.off(), was, b).onlyBtree(leaf.btree());
        Listing l;
        try {
            l = CorruptSweepTest.listing(pages, m);
        } catch (BcachefsException e) {
            l = new Listing(0, 0, List.of(e));
        }
        assertThat(l.errors()).as("%s must be refused", phrase).hasSize(1);
        String msg = l.errors().get(0).getMessage();
        System.out.println(phrase + " -> " + msg);
        assertThat(msg).doesNotContain("\n").contains(phrase).contains("default.img").contains("btree inodes level 0").contains("sector");
    }
}
