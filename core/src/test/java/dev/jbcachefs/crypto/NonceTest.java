package dev.jbcachefs.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.format.Le;
import org.junit.jupiter.api.Test;

class NonceTest {
    @Test
    void btreeNonceUsesByteOffsetAsCounterAndSeqWords() {
        Nonce n = Nonce.btree(0x1122334455667788L, 0xaabbccdd00000001L, 4096);
        assertThat(n).isEqualTo(new Nonce(4096, 0x55667788, 0x11223344, 0x20000001));
        assertThat(n.add(128)).isEqualTo(new Nonce(4098, 0x55667788, 0x11223344, 0x20000001));
    }

    @Test
    void journalNonceReadsSeqAtOffset24() {
        byte[] jset = new byte[64 + 56];
        Le.put64(jset, 64 + 24, 0x0000000100000036L);
        assertThat(Nonce.journal(jset, 64)).isEqualTo(new Nonce(0, 0x36, 1, 0x30000000)).isEqualTo(Nonce.journal(0x100000036L));
        assertThatThrownBy(() -> Nonce.journal(jset, 100)).isInstanceOf(BcachefsException.class);
    }

    @Test
    void extentNonceFoldsInCompressionOnlyWhenCompressed() {
        Nonce zstd = Nonce.extent(1, 0x0000000200000003L, 4, 128, 2);
        assertThat(zstd).isEqualTo(new Nonce((128 << 22) + 16, 3, 2, (1 | 4 << 24) ^ (1 << 28)));
        Nonce incompressible = Nonce.extent(1, 0x0000000200000003L, 5, 128, 0);
        assertThat(incompressible).isEqualTo(new Nonce(0, 3, 2, 1 ^ (1 << 28)));
        assertThat(Nonce.extent(0, 7, 0, 8, 0)).isEqualTo(new Nonce(0, 7, 0, 1 << 28));
    }

    @Test
    void superblockKeyNonceAndPoly() {
        Nonce n = Nonce.superblockKey(0x8877665544332211L);
        assertThat(n).isEqualTo(new Nonce(0, 0, 0x44332211, 0x88776655));
        assertThat(n.poly().w3()).isEqualTo(0x88776655 ^ 0x80000000);
        assertThat(n.poly().poly()).isEqualTo(n);
    }

    @Test
    void addRejectsPartialBlocks() {
        assertThatThrownBy(() -> Nonce.journal(1).add(100)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new Nonce(-1, 0, 0, 0).add(64).w0()).as("word 0 wraps like le32_add_cpu").isZero();
    }
}
