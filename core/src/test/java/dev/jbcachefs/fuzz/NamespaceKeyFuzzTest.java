package dev.jbcachefs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.BcachefsException;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Mutated real dirent, xattr and inode values (taken from the default and snapshot images: random byte
 * flips, truncation, extension with junk): decoding either fails with {@link BcachefsException} or gives a
 * value that respects the layout — names and values inside the key, inode fields within their declared
 * widths — and decoding the same bytes twice gives the same answer.
 */
class NamespaceKeyFuzzTest {
    static final int ROUNDS = 3000;

    static List<BkeySC> keys(BtreeId btree, int limit) {
        List<BkeySC> out = new ArrayList<>();
        for (String image : List.of("default", "snapshot")) {
            try (BchFs fs = BchFs.open(Fixtures.devices(image), Fixtures.options(image))) {
                BtreeIter it = fs.btree().iter(btree, Bpos.POS_MIN, 0);
                for (BkeySC k = it.next(); k != null && out.size() < limit; k = it.next()) out.add(k.detach());
            }
        }
        return out;
    }

    static BkeySC mutate(BkeySC k, Random r) {
        byte[] v = k.valueCopy();
        switch (r.nextInt(4)) {
            case 0 -> v = Arrays.copyOf(v, r.nextInt(v.length + 1));
            case 1 -> {
                v = Arrays.copyOf(v, v.length + 1 + r.nextInt(64));
                for (int i = k.valLen(); i < v.length; i++) v[i] = (byte) r.nextInt(256);
            }
            default -> {
                int flips = 1 + r.nextInt(4);
                for (int i = 0; i < flips && v.length > 0; i++) v[r.nextInt(v.length)] ^= (byte) (1 << r.nextInt(8));
            }
        }
        // the value sits at an offset inside a larger buffer, as in a node
        byte[] buf = new byte[v.length + 16];
        System.arraycopy(v, 0, buf, 8, v.length);
        return new BkeySC(k.k(), buf, 8, v.length);
    }

    static <T> int fuzz(List<BkeySC> keys, Function<BkeySC, T> decode, java.util.function.BiConsumer<BkeySC, T> check, long seed) {
        Random r = new Random(seed);
        int ok = 0;
        for (int i = 0; i < ROUNDS; i++) {
            BkeySC k = mutate(keys.get(r.nextInt(keys.size())), r);
            T a;
            try {
                a = decode.apply(k);
            } catch (BcachefsException e) {
                assertThat(e.getMessage()).isNotBlank();
                continue;
            }
            check.accept(k, a);
            ok++;
        }
        return ok;
    }

    @Test
    void dirents() {
        List<BkeySC> keys = keys(BtreeId.DIRENTS, 2000);
        keys.removeIf(k -> k.k().type() != KeyType.DIRENT.id());
        int ok = fuzz(keys, Dirent::decode, (k, d) -> {
            assertThat(d.name().length + 9).isLessThanOrEqualTo(k.valLen() + (d.casefold() ? -5 - d.cfName().length : 0));
            assertThat(d.type()).isBetween(0, 31);
            assertThat(Dirent.decode(k)).usingRecursiveComparison().isEqualTo(d);
        }, 1);
        assertThat(ok).isGreaterThan(ROUNDS / 4);
    }

    @Test
    void xattrs() {
        List<BkeySC> keys = keys(BtreeId.XATTRS, 100);
        keys.removeIf(k -> k.k().type() != KeyType.XATTR.id());
        assertThat(keys).isNotEmpty();
        int ok = fuzz(keys, Xattr::decode, (k, x) -> {
            assertThat(4 + x.name().length + x.value().length).isLessThanOrEqualTo(k.valLen());
            assertThat(x.xType()).isBetween(0, 255);
            String n = x.fullName();
            if (n != null) assertThat(n).contains(".");
        }, 2);
        assertThat(ok).isGreaterThan(ROUNDS / 4);
    }

    @Test
    void inodes() {
        List<BkeySC> keys = keys(BtreeId.INODES, 2000);
        keys.removeIf(k -> k.k().type() != KeyType.INODE_V3.id() && k.k().type() != KeyType.INODE_V2.id() && k.k().type() != KeyType.INODE.id());
        int ok = fuzz(keys, Inode::decode, (k, in) -> {
            assertThat(in.uid() >>> 32).isZero();
            assertThat(in.gid() >>> 32).isZero();
            assertThat(in.nlink() >>> 32).isZero();
            assertThat(in.strHashType()).isBetween(0, 15);
            assertThat(in.mode()).isBetween(0, 0xffff);
            assertThat(Inode.decode(k).fields()).containsExactly(in.fields());
        }, 3);
        assertThat(ok).isGreaterThan(ROUNDS / 10);
    }
}
