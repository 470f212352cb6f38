package dev.jbcachefs.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.checksum.Csum;
import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Proves the extent nonce and the 80-bit MAC layout: every data extent that {@code bcachefs list} printed
 * for the encrypted image has a chacha20_poly1305_80 MAC equal to its printed {@code csum hi:lo}, and the
 * decrypted data is the source tree's content at the key's file offset (the generated text file, the
 * AES-CTR random file and the dir1000 entry files).
 */
class EncryptedExtentTest extends EncryptedImage {
    private static final Pattern EXTENT = Pattern.compile(
            "u64s \\d+ type extent (\\d+):(\\d+):\\S+ len (\\d+) ver (\\d+)  : [^\n]*\n"
            + "  crc64: c_size (\\d+) size (\\d+) offset (\\d+) nonce (\\d+) csum chacha20_poly1305_80 ([0-9a-f]+):([0-9a-f]+)  compress none\n"
            + "  ptr: \\S+ 0:(\\d+):(\\d+) gen \\d+\n");

    @Test
    void everyExtentMacMatchesAndDecryptsToTheSourceTree() throws Exception {
        String list = Fixtures.output("encrypted.list.txt.zst");
        int start = list.indexOf("##### btree extents");
        int end = list.indexOf("\n#####", start + 1);
        String text = list.substring(start, end + 1);
        int bucketSectors = sb.members().get(0).bucketSize();
        int extents = 0, textSectors = 0, randomSectors = 0, entryFiles = 0;
        Matcher m = EXTENT.matcher(text);
        while (m.find()) {
            long fileEndSector = Long.parseLong(m.group(2));
            int len = Integer.parseInt(m.group(3));
            long version = Long.parseLong(m.group(4));
            int cSize = Integer.parseInt(m.group(5));
            int crcOffset = Integer.parseInt(m.group(7));
            int crcNonce = Integer.parseInt(m.group(8));
            Csum want = new Csum(Long.parseUnsignedLong(m.group(10), 16), Long.parseUnsignedLong(m.group(9), 16));
            long sector = Long.parseLong(m.group(11)) * bucketSectors + Long.parseLong(m.group(12));
            byte[] data = dev.read(sector * 512, cSize * 512);
            Nonce nonce = Nonce.extent(0, version, 0, Integer.parseInt(m.group(6)), crcNonce);
            Csum got = Crypto.checksum(CsumType.CHACHA20_POLY1305_80, key, nonce, data, 0, data.length);
            assertThat(got).as("MAC of extent %s", m.group()).isEqualTo(want);
            Crypto.crypt(key, nonce, data, 0, data.length);
            byte[] live = Arrays.copyOfRange(data, crcOffset * 512, (crcOffset + len) * 512);
            long fileOff = (fileEndSector - len) * 512;
            String head = new String(live, 0, 6, StandardCharsets.US_ASCII);
            if (fileOff + live.length <= TEXT_BYTES && Arrays.equals(live, compressibleText(fileOff, live.length))) {
                textSectors += len;
            } else if (head.equals("entry ")) {
                assertThat(new String(live, 0, 11, StandardCharsets.US_ASCII)).matches("entry \\d{4}\n");
                assertThat(Arrays.copyOfRange(live, 11, live.length)).containsOnly(0);
                entryFiles++;
            } else if (Arrays.equals(live, aesCtrKeystream(fileOff, live.length))) {
                randomSectors += len;
            }
            extents++;
        }
        assertThat(extents).isEqualTo(1131);
        assertThat(textSectors).isEqualTo(2 * 1024 * 2);
        assertThat(randomSectors).isEqualTo(5 * 1024 * 2);
        assertThat(entryFiles).isEqualTo(1000);
    }

    static final int TEXT_BYTES = 2 << 20;
    static final int RANDOM_BYTES = 5 << 20;
    static byte[] text;
    static byte[] random;

    /** Bytes {@code off..off+n} of compressible-2MiB.txt (make-tree.sh). */
    static byte[] compressibleText(long off, int n) {
        if (text == null) {
            StringBuilder sb = new StringBuilder(TEXT_BYTES + 64);
            for (int i = 0; sb.length() < TEXT_BYTES; i++) {
                sb.append(String.format("line %06d the quick brown fox jumps over the lazy dog\n", i));
            }
            text = Arrays.copyOf(sb.toString().getBytes(StandardCharsets.US_ASCII), TEXT_BYTES);
        }
        return Arrays.copyOfRange(text, (int) off, (int) off + n);
    }

    /** Bytes {@code off..off+n} of random-5MiB.bin: AES-128-CTR keystream, key 00..0f, IV 0; null past its end. */
    static byte[] aesCtrKeystream(long off, int n) throws Exception {
        if (off + n > RANDOM_BYTES) return null;
        if (random == null) {
            byte[] k = new byte[16];
            for (int i = 0; i < 16; i++) k[i] = (byte) i;
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new IvParameterSpec(new byte[16]));
            random = c.doFinal(new byte[RANDOM_BYTES]);
        }
        return Arrays.copyOfRange(random, (int) off, (int) off + n);
    }
}
