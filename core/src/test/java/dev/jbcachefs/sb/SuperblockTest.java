package dev.jbcachefs.sb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.checksum.CsumType;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.testkit.Fixtures;
import org.junit.jupiter.api.Test;

class SuperblockTest {
    @Test
    void readsDefaultImage() {
        try (var dev = FileBlockDevice.openReadOnly(Fixtures.imageFile("default"))) {
            Superblock sb = Superblock.read(dev);
            assertThat(sb.version()).isEqualTo(0x424);
            assertThat(sb.userUuid().toString()).isEqualTo("3d8de641-5194-443a-a145-f39a4628c28e");
            assertThat(sb.flags(0)).isEqualTo(0x8111110080080107L);
            assertThat(sb.btreeNodeSize()).isEqualTo(128);
            assertThat(sb.blockSize()).isEqualTo(8);
            assertThat(sb.metadataCsumType()).isEqualTo(CsumType.CRC32C_NONZERO);
            assertThat(sb.dataCsumType()).isEqualTo(CsumType.CRC32C);
            assertThat(sb.layout().sbOffsets()).containsExactly(8L, 2056L, 129024L);
            assertThat(sb.journalBuckets()).containsExactly(new JournalV2.Range(33, 8));
            assertThat(sb.members().get(0).bucketSize()).isEqualTo(128);
            assertThat(sb.members().get(0).nbuckets()).isEqualTo(1024);
            assertThat(sb.cleanSection()).isNotNull();
            assertThat(sb.cleanSection().journalSeq()).isEqualTo(52);
        }
    }

    @Test
    void crc64SuperblockChecksum() {
        try (var dev = FileBlockDevice.openReadOnly(Fixtures.imageFile("crc64"))) {
            Superblock sb = Superblock.read(dev);
            assertThat(sb.metadataCsumType()).isEqualTo(CsumType.CRC64_NONZERO);
            assertThat(sb.dataCsumType()).isEqualTo(CsumType.CRC64);
        }
    }
}
