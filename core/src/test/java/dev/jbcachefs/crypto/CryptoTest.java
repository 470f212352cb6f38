package dev.jbcachefs.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.checksum.Checksum;
import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.format.Le;
import dev.jbcachefs.sb.Crypt;
import dev.jbcachefs.sb.SbField;
import dev.jbcachefs.sb.SbFieldType;
import dev.jbcachefs.sb.Superblock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CryptoTest {
    static BchKey testKey() {
        byte[] k = new byte[32];
        for (int i = 0; i < 32; i++) k[i] = (byte) i;
        return BchKey.of(k, 0);
    }

    @Test
    void chachaMapsWord0ToTheCounterAndWords1To3ToTheRfcNonce() {
        // RFC 8439 §2.4.2: key 00..1f, nonce 00000000 0000004a 00000000, counter 1
        byte[] text = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."
                .getBytes(StandardCharsets.US_ASCII);
        Crypto.crypt(testKey(), new Nonce(1, 0, 0x4a000000, 0), text, 0, text.length);
        assertThat(HexFormat.of().formatHex(text, 0, 16)).isEqualTo("6e2e359a2568f98041ba0728dd0d6981");
    }

    @Test
    void counterWrapsAt2To32WithoutCarry() {
        BchKey k = testKey();
        byte[] run = new byte[192];
        Crypto.crypt(k, new Nonce(-1, 5, 6, 7), run, 0, run.length);
        byte[] last = ChaCha20.keystream(k, new Nonce(-1, 5, 6, 7), 64);
        byte[] wrapped = ChaCha20.keystream(k, new Nonce(0, 5, 6, 7), 128);
        assertThat(Arrays.copyOfRange(run, 0, 64)).isEqualTo(last);
        assertThat(Arrays.copyOfRange(run, 64, 192)).isEqualTo(wrapped);
        assertThat(last).isNotEqualTo(Arrays.copyOf(wrapped, 64));
    }

    @Test
    void cryptIsAnInvolutionAndRespectsTheRange() {
        byte[] b = new byte[300];
        Arrays.fill(b, (byte) 7);
        Crypto.crypt(testKey(), Nonce.journal(9), b, 10, 200);
        assertThat(b[9]).isEqualTo((byte) 7);
        assertThat(b[210]).isEqualTo((byte) 7);
        Crypto.crypt(testKey(), Nonce.journal(9), b, 10, 200);
        assertThat(b).containsOnly(7);
    }

    @Test
    void macLayoutAndKeylessDelegation() {
        byte[] data = "some ciphertext".getBytes(StandardCharsets.US_ASCII);
        Nonce n = Nonce.journal(3);
        Csum wide = Crypto.checksum(CsumType.CHACHA20_POLY1305_128, testKey(), n, data, 0, data.length);
        Csum narrow = Crypto.checksum(CsumType.CHACHA20_POLY1305_80, testKey(), n, data, 0, data.length);
        assertThat(narrow.lo()).isEqualTo(wide.lo());
        assertThat(narrow.hi()).isEqualTo(wide.hi() & 0xffff);
        assertThat(Crypto.checksum(CsumType.CHACHA20_POLY1305_128, testKey(), n.add(64), data, 0, data.length)).isNotEqualTo(wide);
        assertThat(Crypto.checksum(CsumType.CRC32C, null, null, data, 0, data.length)).isEqualTo(Checksum.compute(CsumType.CRC32C, data, 0, data.length));
        assertThatThrownBy(() -> Crypto.checksum(CsumType.CHACHA20_POLY1305_80, null, n, data, 0, data.length))
                .extracting(e -> ((BcachefsException) e).code()).isEqualTo(ErrorCode.BAD_PASSPHRASE);
    }

    @Test
    void cryptFieldValidation() {
        byte[] b = new byte[64];
        Le.put32(b, 0, 8);
        Le.put32(b, 4, 2);
        assertThat(Kdf.decode(new SbField(2, b, 0, 64), "d").kdfType()).isZero();
        assertThatThrownBy(() -> Kdf.decode(new SbField(2, b, 0, 56), "d"))
                .isInstanceOf(BcachefsException.class).hasMessageContaining("crypt field too small");
        Le.put64(b, 8, 1);
        assertThatThrownBy(() -> Kdf.decode(new SbField(2, b, 0, 64), "d"))
                .isInstanceOf(BcachefsException.class).hasMessageContaining("bad kdf type 1");
        Le.put64(b, 8, 0);
        Le.put64(b, 16, 40 | 8L << 16);
        Crypt huge = Kdf.decode(new SbField(2, b, 0, 64), "d");
        assertThatThrownBy(() -> Kdf.checkScrypt(huge, "d")).isInstanceOf(BcachefsException.class);
        Le.put64(b, 16, 24 | 8L << 16);
        Crypt big = Kdf.decode(new SbField(2, b, 0, 64), "d");
        assertThatThrownBy(() -> Kdf.checkScrypt(big, "d")).extracting(e -> ((BcachefsException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED);
        Le.put64(b, 16, 14 | 3L << 16 | 4L << 32);
        Kdf.checkScrypt(Kdf.decode(new SbField(2, b, 0, 64), "d"), "d");
    }

    /**
     * Rewraps the encrypted image's master key, once unwrapped ({@code --no_passphrase}) and once under a
     * new passphrase with cheap scrypt parameters, into a copy of its superblock: both unlock to the same
     * master key, which proves the unwrap nonce and the magic check in both directions.
     */
    @Test
    void rewrappedMasterKeyUnlocks(@TempDir Path tmp) throws Exception {
        Superblock sb = EncryptedImage.sb;
        BchKey master = EncryptedImage.key;
        byte[] plainBody = Crypto.cryptFieldBody(master, null, sb.uuidLe64(), 14, 3, 4, "test");
        Superblock plain = patchCrypt(sb, plainBody, tmp.resolve("plain.img"));
        assertThat(Crypto.keyIsEncrypted(plain)).isFalse();
        assertThat(Crypto.unlock(plain, null).sameKey(master)).isTrue();

        byte[] pw = "other passphrase".getBytes(StandardCharsets.UTF_8);
        byte[] wrappedBody = Crypto.cryptFieldBody(master, pw, sb.uuidLe64(), 10, 1, 0, "test");
        Superblock wrapped = patchCrypt(sb, wrappedBody, tmp.resolve("wrapped.img"));
        assertThat(Crypto.keyIsEncrypted(wrapped)).isTrue();
        assertThat(Kdf.cryptField(wrapped).scryptNLog2()).isEqualTo(10);
        assertThat(Crypto.unlock(wrapped, pw).sameKey(master)).isTrue();
        assertThatThrownBy(() -> Crypto.unlock(wrapped, "other".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("wrong passphrase for wrapped.img");
    }

    /** Writes {@code sb} with a new crypt body (checksum recomputed) at sector 8 of a small file and reads it. */
    private static Superblock patchCrypt(Superblock sb, byte[] body, Path file) throws Exception {
        byte[] b = sb.bytes().clone();
        SbField f = sb.field(SbFieldType.CRYPT);
        System.arraycopy(body, 0, b, f.bodyOff(), body.length);
        CsumType t = CsumType.byId((int) ((Le.u64(b, 144) >>> 2) & 0x3f));
        Checksum.compute(t, b, 16, b.length - 16).write(b, 0);
        byte[] img = new byte[8 * 512 + b.length];
        System.arraycopy(b, 0, img, 8 * 512, b.length);
        Files.write(file, img);
        try (var dev = FileBlockDevice.openReadOnly(file)) {
            return Superblock.readCopy(dev, 8, null);
        }
    }

    @Test
    void structureHelpersRejectBadBounds() {
        byte[] node = new byte[4096];
        assertThatThrownBy(() -> Crypto.cryptBset(testKey(), node, 0, 100)).isInstanceOf(BcachefsException.class);
        assertThatThrownBy(() -> Crypto.cryptBset(testKey(), node, 0, 5000)).isInstanceOf(BcachefsException.class);
        assertThatThrownBy(() -> Crypto.bsetNonce(node, 4090)).isInstanceOf(BcachefsException.class);
        byte[] jset = new byte[120];
        Le.put32(jset, 40, 9);
        assertThatThrownBy(() -> Crypto.cryptJset(testKey(), jset, 0)).isInstanceOf(BcachefsException.class).hasMessageContaining("u64s 9");
        Le.put32(jset, 40, 8);
        Crypto.cryptJset(testKey(), jset, 0);
        assertThat(Arrays.copyOf(jset, 44)).containsOnly(0, 8);
    }
}
