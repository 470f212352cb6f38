package dev.jbcachefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jbcachefs extract} end to end on every reference image: the extracted tree must equal the
 * fixtures' expected content (checksums, types/modes/link counts/sizes/link targets, xattrs), keep the
 * sparse file sparse, and the verb must refuse what it should with one line.
 */
class ExtractCommandTest {
    static final List<String> LOST = List.of("./lost+found");

    static String fixture(String name) throws Exception {
        return Files.readString(Fixtures.dir().resolve(name));
    }

    static List<String> args(String image, Path dest, String... extra) {
        List<String> a = new ArrayList<>(List.of("extract"));
        a.addAll(List.of(extra));
        if (image.equals("encrypted")) a.addAll(List.of("--passphrase-file", Fixtures.dir().resolve("passphrase.txt").toString()));
        for (Path d : Fixtures.devices(image)) a.add(d.toString());
        a.add(dest.toString());
        return a;
    }

    static CliRunner.Result extract(String image, Path dest, String... extra) {
        return CliRunner.run(args(image, dest, extra).toArray(String[]::new));
    }

    /** stderr without progress lines and filesystem warnings: what the extraction reported. */
    static List<String> reports(CliRunner.Result r) {
        return Arrays.stream(r.err().split("\n")).filter(l -> !l.contains("\r") && !l.isBlank() && l.startsWith("jbcachefs: /")).toList();
    }

    static void assertOriginalTree(Path root, List<String> exclude) throws Exception {
        assertOriginalTree(root, exclude, fixture("files.xattrs.txt"));
    }

    static void assertOriginalTree(Path root, List<String> exclude, String xattrs) throws Exception {
        assertThat(HostTree.sha256(root, exclude)).isEqualTo(HostTree.sortedLines(fixture("files.sha256")));
        assertThat(HostTree.meta(root, exclude)).isEqualTo(HostTree.expectedMeta(fixture("files.meta.txt")));
        assertThat(HostTree.xattrs(root, exclude)).isEqualTo(xattrs);
        Path sparse = root.resolve("sparse-8MiB.bin");
        assertThat(Files.size(sparse)).isEqualTo(8L << 20);
        assertThat(HostTree.blocks(sparse) * 512).as("allocated bytes of the sparse file").isLessThan(1L << 20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "zstd", "lz4", "gzip", "crc64", "encrypted", "replicas2", "dirty-journal"})
    void extractsTheWholeTree(String image, @TempDir(factory = FastTempDirs.class) Path tmp) throws Exception {
        Path dest = tmp.resolve("out");
        CliRunner.Result r = extract(image, dest);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(reports(r)).isEmpty();
        // dirty-journal was populated by a copy that kept no xattrs: its xattrs btree is empty upstream too
        assertOriginalTree(dest, LOST, image.equals("dirty-journal") ? "" : fixture("files.xattrs.txt"));
        assertThat(r.out()).startsWith("extracted 1011 files, ").contains(" 3 symlinks, 1 hard link, ");
        assertThat(r.out().lines().count()).isEqualTo(1);
        if (HostAttrs.runningAsRoot()) {
            assertThat(r.out()).contains("not reproduced: nothing");
            assertThat(Files.getAttribute(dest.resolve("hello.txt"), "unix:uid")).isEqualTo(0);
        } else {
            assertThat(r.out()).contains("owners (not running as root)");
        }
    }

    @Test
    void timesAreThoseOfTheSourceTree(@TempDir(factory = FastTempDirs.class) Path tmp) throws Exception {
        Path dest = tmp.resolve("out");
        assertThat(extract("default", dest).exit()).isZero();
        assertThat(Files.getLastModifiedTime(dest.resolve("hello.txt")).toMillis()).isEqualTo(1577934245000L);
        assertThat(Files.getLastModifiedTime(dest.resolve("symlink-to-hello"), LinkOption.NOFOLLOW_LINKS).toMillis()).isEqualTo(1577934245000L);
    }

    /**
     * Each replicas2 device alone: the image has a few extents with one replica only (a dropped pointer,
     * {@code ptr: 255:0}, in the upstream listing), so some files are partly unreadable from one device.
     * Extraction must report exactly those, keep their readable blocks and reproduce everything else.
     */
    @Test
    void replicas2EachDeviceAloneWithDegraded(@TempDir(factory = FastTempDirs.class) Path tmp) throws Exception {
        List<Path> devs = Fixtures.devices("replicas2");
        List<List<String>> unreadable = List.of(List.of("/random-5MiB.bin"),
                List.of("/random-5MiB.bin", "/xattr-file", "/symlink-dangling", "/symlink-rel-nested", "/symlink-to-hello"));
        long[] lostRandom = {45056, 487424};
        List<String> want = HostTree.sortedLines(fixture("files.sha256"));
        for (int i = 0; i < devs.size(); i++) {
            Path dest = tmp.resolve("dev" + i);
            CliRunner.Result r = CliRunner.run("extract", "--degraded", devs.get(i).toString(), dest.toString());
            assertThat(r.exit()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).contains("degraded: device " + (1 - i));
            assertThat(reports(r)).extracting(l -> l.substring("jbcachefs: ".length(), l.indexOf(": ", "jbcachefs: ".length())))
                    .containsExactlyInAnyOrderElementsOf(unreadable.get(i));
            assertThat(reports(r)).filteredOn(l -> l.startsWith("jbcachefs: /random-5MiB.bin: "))
                    .singleElement().asString().endsWith("(" + lostRandom[i] + " of 5242880 bytes unreadable, left as holes)");
            List<String> skip = new ArrayList<>(LOST);
            for (String u : unreadable.get(i)) skip.add("." + u);
            assertThat(HostTree.sha256(dest, skip)).isEqualTo(want.stream().filter(l -> skip.stream().noneMatch(l::endsWith)).toList());
            // the readable blocks of the damaged file are kept; the unreadable ones are holes
            byte[] orig = randomFile();
            byte[] got = Files.readAllBytes(dest.resolve("random-5MiB.bin"));
            assertThat(got.length).isEqualTo(orig.length);
            long zeroed = 0;
            for (int b = 0; b < got.length; b += 4096) {
                byte[] g = Arrays.copyOfRange(got, b, b + 4096);
                if (Arrays.equals(g, Arrays.copyOfRange(orig, b, b + 4096))) continue;
                assertThat(g).as("block at %d", b).isEqualTo(new byte[4096]);
                zeroed += 4096;
            }
            assertThat(zeroed).isEqualTo(lostRandom[i]);
        }
        Path dest = tmp.resolve("refused");
        CliRunner.Result refused = CliRunner.run("extract", devs.get(0).toString(), dest.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err().strip()).startsWith("jbcachefs: filesystem 49234601-0b32-4f3d-b3f6-7105f26dd616 is missing device 1").doesNotContain("\n");
        assertThat(Files.exists(dest)).isFalse();
    }

    /** {@code random-5MiB.bin} as make-tree.sh makes it: the AES-128-CTR keystream of key 00..0f, iv 0. */
    static byte[] randomFile() throws Exception {
        javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
        byte[] key = new byte[16];
        for (int i = 0; i < 16; i++) key[i] = (byte) i;
        c.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(key, "AES"), new javax.crypto.spec.IvParameterSpec(new byte[16]));
        return c.doFinal(new byte[5 << 20]);
    }

    @Test
    void snapshotRootSubvolumeWithSubvolumesAsEmptyDirectories(@TempDir(factory = FastTempDirs.class) Path tmp) throws Exception {
        Path dest = tmp.resolve("out");
        CliRunner.Result r = extract("snapshot", dest);
        assertThat(r.exit()).as(r.err()).isZero();
        List<String> skip = List.of("./lost+found", "./snap-ro", "./subvol-empty");
        assertThat(HostTree.sha256(dest, skip)).isEqualTo(HostTree.sortedLines(fixture("snapshot-root.sha256")));
        for (String sv : List.of("snap-ro", "subvol-empty")) {
            assertThat(dest.resolve(sv)).isEmptyDirectory();
        }
        assertThat(reports(r)).containsExactlyInAnyOrder(
                "jbcachefs: /snap-ro: not reproduced: subvolume 2 created as an empty directory (--all-subvolumes descends into it)",
                "jbcachefs: /subvol-empty: not reproduced: subvolume 3 created as an empty directory (--all-subvolumes descends into it)");
        assertThat(r.out()).contains("not reproduced: 2 subvolumes not descended");
    }

    @Test
    void snapshotAllSubvolumes(@TempDir(factory = FastTempDirs.class) Path tmp) throws Exception {
        Path dest = tmp.resolve("out");
        CliRunner.Result r = extract("snapshot", dest, "--all-subvolumes");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(reports(r)).isEmpty();
        List<String> skip = List.of("./lost+found", "./snap-ro", "./subvol-empty");
        assertThat(HostTree.sha256(dest, skip)).isEqualTo(HostTree.sortedLines(fixture("snapshot-root.sha256")));
        assertOriginalTree(dest.resolve("snap-ro"), LOST);
        assertThat(dest.resolve("subvol-empty")).isEmptyDirectory();
    }

    @Test
    void snapshotPathAndSubvolumeOptions(@TempDir(factory = FastTempDirs.class) Path tmp) throws Exception {
        Path a = tmp.resolve("a");
        CliRunner.Result r = extract("snapshot", a, "--path", "/snap-ro");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(HostTree.sha256(a, LOST)).isEqualTo(HostTree.sortedLines(fixture("files.sha256")));
        Path b = tmp.resolve("b");
        CliRunner.Result s = extract("snapshot", b, "--subvolume", "2", "--path", "sub");
        assertThat(s.exit()).as(s.err()).isZero();
        assertThat(Files.readString(b.resolve("deeper/nested.txt"))).isEqualTo("nested\n");
        assertThat(s.out()).startsWith("extracted 1 file, 1 dir, 0 symlinks, 0 hard links, 7 bytes");
        Path c = tmp.resolve("c");
        CliRunner.Result one = extract("snapshot", c, "--path", "hello.txt");
        assertThat(one.exit()).isZero();
        assertThat(Files.readString(c.resolve("hello.txt"))).isEqualTo("hello modified after snapshot\n");
        CliRunner.Result both = extract("snapshot", tmp.resolve("d"), "--subvolume", "2", "--all-subvolumes");
        assertThat(both.exit()).isEqualTo(2);
    }

    @Test
    void refusesANonEmptyDestinationUnlessForced(@TempDir(factory = FastTempDirs.class) Path tmp) throws Exception {
        Path dest = Files.createDirectory(tmp.resolve("out"));
        Files.writeString(dest.resolve("keep.txt"), "mine\n");
        Files.writeString(dest.resolve("hello.txt"), "old content that is longer than the new\n");
        CliRunner.Result refused = extract("default", dest);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("jbcachefs: " + dest + " is not empty (--force extracts into it anyway)\n");
        assertThat(refused.out()).isEmpty();

        CliRunner.Result forced = extract("default", dest, "--force");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(Files.readString(dest.resolve("keep.txt"))).isEqualTo("mine\n");
        assertThat(HostTree.sha256(dest, List.of("./lost+found", "./keep.txt"))).isEqualTo(HostTree.sortedLines(fixture("files.sha256")));
        CliRunner.Result again = extract("default", dest, "--force");
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(HostTree.meta(dest, List.of("./lost+found", "./keep.txt"))).isEqualTo(HostTree.expectedMeta(fixture("files.meta.txt")));

        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliRunner.Result notDir = extract("default", file, "--force");
        assertThat(notDir.exit()).isEqualTo(1);
        assertThat(notDir.err()).isEqualTo("jbcachefs: " + file + " exists and is not a directory\n");
    }

    @Test
    void badPathOrDeviceIsOneLineAndCreatesNothing(@TempDir(factory = FastTempDirs.class) Path tmp) {
        Path dest = tmp.resolve("out");
        CliRunner.Result bad = extract("default", dest, "--path", "/no/such");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("jbcachefs: /no: no such file or directory in subvolume 1\n");
        assertThat(Files.exists(dest)).isFalse();
        CliRunner.Result missing = CliRunner.run("extract", "/nonexistent/dev", dest.toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("jbcachefs: /nonexistent/dev: no such file or device\n");
        assertThat(Files.exists(dest)).isFalse();
        CliRunner.Result noDest = CliRunner.run("extract", Fixtures.imageFile("default").toString());
        assertThat(noDest.exit()).isEqualTo(2);
        CliRunner.Result help = CliRunner.run("extract", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("[--subvolume=N | --all-subvolumes]", "DEV... DESTDIR\n");
    }
}
