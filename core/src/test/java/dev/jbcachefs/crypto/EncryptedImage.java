package dev.jbcachefs.crypto;

import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.charset.StandardCharsets;

/**
 * The encrypted reference image, opened and unlocked once per test JVM: scrypt with the image's
 * parameters costs about a second (more on a loaded machine), so the test classes share one key. Test
 * classes that work on the image extend this class and use {@link #dev}, {@link #sb} and {@link #key};
 * others name them through it. Class initialisation opens it on first use; the device stays open for the
 * life of the JVM (read only).
 */
abstract class EncryptedImage {
    static final FileBlockDevice dev = FileBlockDevice.openReadOnly(Fixtures.imageFile("encrypted"));
    static final Superblock sb = Superblock.read(dev);
    static final BchKey key = Crypto.unlock(sb, Fixtures.passphrase().getBytes(StandardCharsets.UTF_8));
}
