package dev.jbcachefs.crypto;

import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.charset.StandardCharsets;

/**
 * The encrypted reference image, opened and unlocked once per test JVM: scrypt with the image's
 * parameters costs about a second (more on a loaded machine), so the test classes share one key. The
 * device stays open for the life of the JVM (read only).
 */
final class EncryptedImage {
    private static FileBlockDevice dev;
    private static Superblock sb;
    private static BchKey key;

    private EncryptedImage() {}

    static synchronized FileBlockDevice dev() {
        if (dev == null) {
            dev = FileBlockDevice.openReadOnly(Fixtures.imageFile("encrypted"));
            sb = Superblock.read(dev);
        }
        return dev;
    }

    static synchronized Superblock sb() {
        dev();
        return sb;
    }

    static synchronized BchKey key() {
        if (key == null) key = Crypto.unlock(sb(), Fixtures.passphrase().getBytes(StandardCharsets.UTF_8));
        return key;
    }
}
