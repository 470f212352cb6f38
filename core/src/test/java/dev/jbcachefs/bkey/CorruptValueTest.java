package dev.jbcachefs.bkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.BkeySC;
import dev.jbcachefs.format.Bpos;
import dev.jbcachefs.format.KeyType;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Random and truncated values of every key type id: printing never throws, and decoders either return a
 * value or throw {@link BcachefsException} — never an index, arithmetic or null error.
 */
class CorruptValueTest {
    private static final PrintContext CTX = new PrintContext() {
        @Override
        public String deviceName(int dev) {
            return dev < 2 ? "dev" + dev : null;
        }

        @Override
        public int bucketSize(int dev) {
            return dev < 2 ? 128 : 0;
        }
    };

    private static Function<BkeySC, Object> decoder(KeyType t) {
        if (t == null) return null;
        return switch (t) {
            case EXTENT -> Extent::decode;
            case BTREE_PTR, BTREE_PTR_V2 -> BtreePtrV2::decode;
            case INODE, INODE_V2, INODE_V3 -> Inode::decode;
            case DIRENT -> Dirent::decode;
            case XATTR -> Xattr::decode;
            case ALLOC, ALLOC_V2, ALLOC_V3, ALLOC_V4 -> Alloc::decode;
            case ACCOUNTING -> Accounting::decode;
            case BACKPOINTER -> Backpointer::decode;
            case BUCKET_GENS -> BucketGens::decode;
            case SUBVOLUME -> Subvolume::decode;
            case SNAPSHOT -> Snapshot::decode;
            case SNAPSHOT_TREE -> SnapshotTree::decode;
            case REFLINK_P -> ReflinkP::decode;
            case REFLINK_V -> ReflinkV::decode;
            case INLINE_DATA, INDIRECT_INLINE_DATA -> InlineData::decode;
            case STRIPE -> Stripe::decode;
            case QUOTA -> Quota::decode;
            case RESERVATION -> Reservation::decode;
            default -> null;
        };
    }

    @Test
    void randomValuesNeverBreakPrintingOrDecoding() {
        Random rnd = new Random(1234);
        int printed = 0, rejected = 0;
        for (int type = 0; type < 40; type++) {
            for (int round = 0; round < 400; round++) {
                int len = 8 * rnd.nextInt(round < 200 ? 6 : 40);
                byte[] v = new byte[len];
                rnd.nextBytes(v);
                if (round % 3 == 0 && len > 0) v[0] = (byte) (1 << rnd.nextInt(8)); // plausible extent entry types
                BkeySC k = Keys.key(type, new Bpos(rnd.nextInt(3), rnd.nextLong(), rnd.nextInt()), rnd.nextInt(200), v);
                assertThatCode(() -> KeyPrinter.keyToString(k, CTX)).as("type %d len %d", k.k().type(), len).doesNotThrowAnyException();
                printed++;
                Function<BkeySC, Object> d = decoder(KeyType.byId(type));
                if (d == null) continue;
                try {
                    d.apply(k);
                } catch (BcachefsException e) {
                    assertThat(e.getMessage()).contains("key u64s");
                    rejected++;
                }
            }
        }
        assertThat(printed).isEqualTo(40 * 400);
        assertThat(rejected).isPositive();
    }
}
