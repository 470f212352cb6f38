package dev.jbcachefs.sb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.init.FormatGeometry;
import dev.jbcachefs.init.FormatSbOptions;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A superblock built from scratch the way format builds it (geometry, option defaults, members_v2 and
 * members_v1) is written to a new 64 MiB image, read back by {@link Superblock#read}, and printed: the
 * text equals what upstream's format printed for the default fixture (same UUIDs and creation time).
 */
class SuperblockWriteFreshTest {
    static final int V1_36 = (1 << 10) | 36;

    static SbModel freshDefault(Superblock ref) {
        FormatGeometry g = FormatGeometry.compute(new long[] {64L << 20}, FormatGeometry.Params.defaults());
        SbModel m = new SbModel();
        m.version = V1_36;
        m.versionMin = V1_36;
        m.uuid = ref.uuid();
        m.userUuid = ref.userUuid();
        m.nrDevices = 1;
        m.devIdx = 0;
        m.blockSize = g.blockSize() >>> 9;
        m.timeBaseLo = ref.timeBaseLo();
        m.timePrecision = 1;
        m.features[0] = 0xfba80L; // BCH_SB_FEATURES_ALL
        FormatSbOptions.apply(m, FormatSbOptions.defaults(g, V1_36));
        m.set(SbFlag.CSUM_TYPE, FormatSbOptions.sbCsumType(FormatSbOptions.CSUM_OPT_CRC32C));
        m.layout = g.devices().getFirst().layout();
        SbMember member = FormatSbOptions.member(ref.members().get(0).uuid(), g.devices().getFirst(), true);
        m.sections.add(SbSections.membersV2(List.of(member)));
        m.sections.add(SbSections.membersV1(List.of(member)));
        return m;
    }

    @Test
    void freshSuperblockReadsBackAndPrintsAsUpstreamFormatDid(@TempDir Path dir) {
        Superblock ref;
        try (var dev = FileBlockDevice.openReadOnly(Fixtures.imageFile("default"))) {
            ref = Superblock.read(dev);
        }
        SbModel m = freshDefault(ref);
        Path img = dir.resolve("fresh.img");
        try (var dev = FileBlockDevice.openReadWrite(img, 64L << 20)) {
            SuperblockWrite.write(dev, m);
        }
        try (var dev = FileBlockDevice.openReadOnly(img)) {
            Superblock sb = Superblock.read(dev);
            assertThat(sb.u64s()).isEqualTo((1056 - 752) / 8);
            assertThat(sb.layout().sbOffsets()).containsExactly(8L, 2056L, 129024L);
            for (long s : sb.layout().sbOffsets()) assertThat(Superblock.readCopy(dev, s, sb.layout()).offset()).isEqualTo(s);
            String got = SuperblockText.showSuper(sb, false, 1L << SbFieldType.MEMBERS_V2.id(), SuperblockText.deviceContext(sb));
            List<String> fmt = Arrays.asList(Fixtures.output("default.format.txt").split("\n"));
            int from = indexOf(fmt, "External UUID:"), to = indexOf(fmt, "  Last device model:");
            String want = fmt.subList(from, to + 1).stream().map(String::stripTrailing).collect(Collectors.joining("\n"));
            String gotText = got.lines().map(String::stripTrailing).collect(Collectors.joining("\n"));
            assertThat(gotText).isEqualTo(want);
            // and the round trip holds for a from-scratch superblock too
            assertThat(SuperblockWrite.encode(SbModel.from(sb), 8)).isEqualTo(sb.bytes());
        }
    }

    @Test
    void layoutSectorAndZeroedHead(@TempDir Path dir) throws Exception {
        Superblock ref;
        try (var dev = FileBlockDevice.openReadOnly(Fixtures.imageFile("default"))) {
            ref = Superblock.read(dev);
        }
        Path img = dir.resolve("fresh.img");
        Files.write(img, new byte[64 << 20]);
        byte[] junk = new byte[4096];
        Arrays.fill(junk, (byte) 0x5a);
        try (var dev = FileBlockDevice.openReadWrite(img, 64L << 20)) {
            dev.write(0, junk);
            SuperblockWrite.write(dev, freshDefault(ref));
            byte[] head = dev.read(0, 4096);
            assertThat(Arrays.copyOf(head, 3584)).isEqualTo(new byte[3584]);
            assertThat(Arrays.copyOfRange(head, 3584, 4096)).isEqualTo(Fixtures.devices("default").stream().findFirst().map(p -> {
                try (var d = FileBlockDevice.openReadOnly(p)) {
                    return d.read(3584, 512);
                }
            }).orElseThrow());
        }
    }

    @Test
    void sectionsNoFixtureHasRoundTripThroughTheReader(@TempDir Path dir) {
        Superblock ref;
        try (var dev = FileBlockDevice.openReadOnly(Fixtures.imageFile("default"))) {
            ref = Superblock.read(dev);
        }
        SbModel m = freshDefault(ref);
        m.label = "my-label";
        SbMember member = FormatSbOptions.member(ref.members().get(0).uuid(), FormatGeometry.compute(new long[] {64L << 20},
                FormatGeometry.Params.defaults()).devices().getFirst(), false).group(1);
        m.putSection(SbSections.membersV2(List.of(member)));
        m.removeSection(SbFieldType.MEMBERS_V1);
        m.putSection(SbSections.diskGroups(List.of(new SbSections.DiskGroup("ssd", 0x1c << 1, 0))));
        m.putSection(SbSections.replicas(List.of(new Replicas.Entry(3, 1, new int[] {0}), new Replicas.Entry(4, 1, new int[] {0}))));
        m.putSection(SbSections.errors(List.of(new SbSections.ErrorEntry(5, 3, 1_700_000_000L))));
        m.putSection(SbSections.journalSeqBlacklist(List.of(new JournalSeqBlacklist.Range(10, 20))));
        m.putSection(SbSections.ext(new SbSections.ExtBody(new long[] {1L << 5, 0}, new long[] {1, 0, 0, 0, 0, 0, 0, 2}, 1L << 4)));
        m.putSection(SbSections.recoveryPasses(List.of(new SbSections.RecoveryPassSlot(0, 0, 0), new SbSections.RecoveryPassSlot(1_700_000_000L, 2, 1))));
        m.putSection(SbSections.clean(new SbSections.CleanBody(0, 0, 0, 77, new byte[0])));
        m.putSection(SbSections.counters(new long[SbSections.COUNTERS_NR_1_36]));
        Path img = dir.resolve("fresh.img");
        try (var dev = FileBlockDevice.openReadWrite(img, 64L << 20)) {
            SuperblockWrite.write(dev, m);
        }
        try (var dev = FileBlockDevice.openReadOnly(img)) {
            Superblock sb = Superblock.read(dev);
            assertThat(sb.label()).isEqualTo("my-label");
            assertThat(sb.members().get(0).group()).isEqualTo(1);
            assertThat(sb.members().get(0).rotational()).isFalse();
            assertThat(sb.replicas()).hasSize(2);
            assertThat(sb.journalSeqBlacklist()).containsExactly(new JournalSeqBlacklist.Range(10, 20));
            assertThat(sb.cleanSection().journalSeq()).isEqualTo(77);
            assertThat(sb.ext().btreesLostData()).isEqualTo(1L << 4);
            assertThat(sb.recoveryPasses()).hasSize(1);
            String text = SuperblockText.showSuper(sb, true, SuperblockText.ALL_FIELDS, SuperblockText.deviceContext(sb));
            assertThat(text).contains("Label:                                     my-label").contains("  Label:                                   ssd")
                    .contains("disk_groups").contains("journal_seq_blacklist");
            assertThat(SuperblockWrite.encode(SbModel.from(sb), 8)).isEqualTo(sb.bytes());
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 2, 5, 6, 7})
    void everyPlainSuperblockChecksumVerifies(int csumType, @TempDir Path dir) {
        Superblock ref;
        try (var dev = FileBlockDevice.openReadOnly(Fixtures.imageFile("default"))) {
            ref = Superblock.read(dev);
        }
        SbModel m = freshDefault(ref);
        m.set(SbFlag.CSUM_TYPE, csumType);
        Path img = dir.resolve("csum.img");
        try (var dev = FileBlockDevice.openReadWrite(img, 64L << 20)) {
            SuperblockWrite.write(dev, m);
        }
        try (var dev = FileBlockDevice.openReadOnly(img)) {
            for (long s : m.layout.sbOffsets()) assertThat(Superblock.readCopy(dev, s, m.layout).sbCsumType()).isEqualTo(csumType);
        }
        byte[] b = SuperblockWrite.encode(m, 8);
        if (csumType != 0) assertThat(Arrays.copyOf(b, 16)).isNotEqualTo(new byte[16]);
    }

    static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith(prefix)) return i;
        throw new AssertionError("no line " + prefix);
    }
}
