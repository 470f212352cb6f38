package dev.jbcachefs.sb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.testkit.Fixtures;
import org.junit.jupiter.api.Test;

/** The decoded-field accessors other packages use, checked against what upstream printed for the images. */
class SbAccessorsTest {
    static Superblock read(String image) {
        try (var dev = FileBlockDevice.openReadOnly(Fixtures.devices(image).get(0))) {
            return Superblock.read(dev);
        }
    }

    @Test
    void cryptParametersOfTheEncryptedImage() {
        Crypt c = read("encrypted").crypt();
        assertThat(c).isNotNull();
        assertThat(c.kdfType()).isZero();
        assertThat(c.scryptNLog2()).isEqualTo(14);
        assertThat(c.scryptRLog2()).isEqualTo(3);
        assertThat(c.scryptPLog2()).isEqualTo(4);
        assertThat(c.encryptedKey()).hasSize(40);
        assertThat(read("default").crypt()).isNull();
    }

    @Test
    void replicasAndMembersOfTheTwoDeviceImage() {
        Superblock sb = read("replicas2");
        assertThat(sb.replicas()).extracting(e -> dev.jbcachefs.bkey.Names.DATA_TYPES[e.dataType()] + ":" + java.util.Arrays.toString(e.devs()))
                .containsExactly("user:[0, 255]", "user:[0, 1]", "user:[1, 255]", "btree:[0, 1]");
        Members.Member m1 = sb.members().get(1);
        assertThat(m1.uuid().toString()).isEqualTo("acc9ab4b-cb91-44a2-9a69-ef1557f91d85");
        assertThat(m1.deviceName()).isEqualTo("replicas2-dev1.i");
        assertThat(m1.btreeAllocatedBitmap()).isEqualTo(Long.parseUnsignedLong("0010000000000000000000000000001110011100101101100111110000000000", 2));
        assertThat(m1.dataAllowed()).isEqualTo(0b11100);
        assertThat(m1.seq()).isEqualTo(47);
    }

    @Test
    void countersAndOptions() {
        Superblock sb = read("default");
        assertThat(sb.counters()).containsEntry("data_write", 22440L).containsEntry("error_throw", 1215L).hasSize(130);
        assertThat(sb.optionText(SbOption.STR_HASH)).isEqualTo("siphash");
        assertThat(SbOption.ENCODED_EXTENT_MAX.value(sb)).isEqualTo(256 << 10);
        assertThat(sb.optionText(SbOption.COMPRESSION)).isEqualTo("none");
        assertThat(read("zstd").optionText(SbOption.COMPRESSION)).isEqualTo("zstd");
    }

    @Test
    void extDowngradeRecoveryPasses() {
        Superblock sb = read("snapshot");
        assertThat(sb.ext().recoveryPassesRequired()).isEmpty();
        assertThat(sb.ext().btreesLostData()).isZero();
        assertThat(sb.downgrade()).extracting(Downgrade.Entry::version).contains((1 << 10) | 9, (1 << 10) | 35);
        assertThat(sb.downgrade().get(0).errors()).hasSize(12);
        assertThat(sb.recoveryPasses()).extracting(RecoveryPasses.Entry::name).startsWith("alloc_read", "snapshots_read", "check_allocations");
        assertThat(read("default").recoveryPasses()).isEmpty();
    }

    @Test
    void nonOptionFlagBits() {
        Superblock sb = read("default");
        assertThat(sb.initialized()).isTrue();
        assertThat(sb.sbCsumType()).isEqualTo(1);
        assertThat(sb.hasErrors()).isFalse();
        assertThat(sb.bigEndian()).isFalse();
        assertThat(sb.versionIncompatAllowed()).isEqualTo((1 << 10) | 36);
        assertThat(read("crc64").sbCsumType()).isEqualTo(2);
        assertThat(read("encrypted").encryptionType()).isEqualTo(1);
        assertThat(read("replicas2").metadataReplicasRequired()).isLessThanOrEqualTo(2);
    }
}
