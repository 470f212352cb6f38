package dev.jbcachefs.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.bkey.Dirent;
import dev.jbcachefs.bkey.Inode;
import dev.jbcachefs.bkey.Xattr;
import dev.jbcachefs.btree.BtreeIter;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.BtreeId;
import dev.jbcachefs.format.KeyType;
import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.testkit.Fixtures;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** String hashes: SipHash against the reference vector, and every dirent/xattr key of the images at its hash. */
class StrHashTest {
    @Test
    void sipHashReferenceVector() {
        // SipHash-2-4 paper, appendix A: key 00..0f, message 00..0e
        byte[] m = new byte[15];
        for (int i = 0; i < m.length; i++) m[i] = (byte) i;
        long k0 = 0x0706050403020100L, k1 = 0x0f0e0d0c0b0a0908L;
        assertThat(SipHash.hash(k0, k1, m, 0, m.length)).isEqualTo(0xa129ca6149be45e5L);
        assertThat(SipHash.hash(k0, k1, new byte[0], 0, 0)).isEqualTo(0x726fdb47dd0e0e31L);
    }

    @Test
    void dirent31BitAndMinimum() {
        StrHash h = new StrHash(StrHash.SIPHASH, 12345, true);
        for (String n : new String[] {"a", "bb", "hello.txt", "x".repeat(300)}) {
            long v = h.dirent(n.getBytes());
            assertThat(v).isBetween(2L, (long) Integer.MAX_VALUE);
        }
        StrHash c = new StrHash(StrHash.CRC32C, 1, false);
        assertThat(c.dirent("abc".getBytes())).isBetween(2L, 0xffffffffL);
        StrHash c64 = new StrHash(StrHash.CRC64, 1, false);
        assertThat(c64.dirent("abc".getBytes())).isPositive();
        StrHash old = new StrHash(StrHash.SIPHASH_OLD, 1, false);
        assertThat(old.dirent("abc".getBytes())).isNotEqualTo(new StrHash(StrHash.SIPHASH, 1, false).dirent("abc".getBytes()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "snapshot", "dirty-journal", "encrypted"})
    void everyDirentAndXattrSitsAtItsHash(String image) {
        try (BchFs fs = BchFs.open(Fixtures.devices(image), Fixtures.options(image))) {
            FsContext ctx = new FsContext(fs);
            int[] d = count(ctx, BtreeId.DIRENTS, KeyType.DIRENT);
            int[] x = count(ctx, BtreeId.XATTRS, KeyType.XATTR);
            // [keys, at hash, displaced by probing]
            assertThat(d[0]).isGreaterThan(1000);
            assertThat(d[1] + d[2]).isEqualTo(d[0]);
            assertThat(d[2]).isLessThanOrEqualTo(2);
            assertThat(x[1] + x[2]).isEqualTo(x[0]);
            // the dirty-journal tree was copied without xattrs
            assertThat(x[0]).isEqualTo(image.equals("dirty-journal") ? 0 : 3);
        }
    }

    static int[] count(FsContext ctx, BtreeId btree, KeyType type) {
        int[] n = new int[3];
        BtreeIter it = ctx.tree.iter(btree, Bpos.POS_MIN, 0);
        for (BkeySC k = it.next(); k != null; k = it.next()) {
            if (k.k().type() != type.id()) continue;
            Inode dir = ctx.inode(k.pos().inode(), k.pos().snapshotUnsigned());
            assertThat(dir).as("inode of %s", k.pos()).isNotNull();
            long h;
            if (type == KeyType.DIRENT) {
                Dirent de = Dirent.decode(k);
                h = StrHash.of(dir).dirent(de.casefold() ? de.cfName() : de.name());
            } else {
                Xattr xa = Xattr.decode(k);
                h = StrHash.of(dir).xattr(xa.xType(), xa.name());
            }
            n[0]++;
            if (h == k.pos().offset()) n[1]++;
            else if (Long.compareUnsigned(h, k.pos().offset()) < 0 && k.pos().offset() - h < 16) n[2]++;
            else throw new AssertionError(btree + " key " + k.pos() + " hash " + HexFormat.of().toHexDigits(h));
        }
        return n;
    }
}
