package dev.jbcachefs.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.init.Format;
import dev.jbcachefs.init.FormatOptions;
import dev.jbcachefs.init.OpenOptions;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code format --source} of the reference tree, across block and bucket sizes, checksum types,
 * compression, encryption and 1–3 devices with replicas, read back through our reader: every file's
 * sha256 equals {@code files.sha256}, and the metadata and xattrs equal {@code files.meta.txt} and
 * {@code files.xattrs.txt}. When {@code JBCACHEFS_UPSTREAM_BCACHEFS} names a locally built upstream
 * {@code bcachefs} binary, each image must also pass its {@code fsck -n} with exit 0 and no error line.
 */
class FormatReadBackTest {
    @TempDir
    static Path tmp;
    static Path tree;

    @BeforeAll
    static void makeTree() throws Exception {
        tree = Fixtures.makeTree(tmp.resolve("tree"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "default       | 1 | 0    | 0     | 0     | crc32c | crc32c | none   | false | 1",
        "crc64-zstd    | 1 | 0    | 0     | 0     | crc64  | crc64  | zstd   | false | 1",
        "xxhash-lz4    | 1 | 0    | 0     | 0     | xxhash | xxhash | lz4:3  | false | 1",
        "nocsum-gzip   | 1 | 0    | 0     | 0     | none   | none   | gzip   | false | 1",
        "encrypted     | 1 | 0    | 0     | 0     | crc32c | crc32c | none   | true  | 1",
        "enc-zstd      | 1 | 0    | 0     | 0     | crc32c | crc32c | zstd   | true  | 1",
        "bs512-b64k    | 1 | 512  | 65536 | 16384 | crc32c | crc32c | none   | false | 1",
        "bs8k-node16k  | 1 | 8192 | 0     | 16384 | crc32c | crc32c | lz4    | false | 1",
        "replicas2     | 2 | 0    | 0     | 0     | crc32c | crc32c | none   | false | 2",
        "2of3-zstd     | 3 | 0    | 0     | 0     | crc64  | crc32c | zstd   | false | 2",
    })
    void formatsAndReadsBack(String name, int ndev, int block, int bucket, int node, String dcsum, String mcsum, String compression,
            boolean encrypted, int replicas) throws Exception {
        List<FormatOptions.Device> devs = new ArrayList<>();
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < ndev; i++) {
            Path img = tmp.resolve(name + "-" + i + ".img");
            paths.add(img);
            devs.add(new FormatOptions.Device(img, bucket, null, 1, true));
        }
        byte[] pass = encrypted ? Fixtures.passphrase().getBytes(StandardCharsets.UTF_8) : null;
        FormatOptions o = new FormatOptions(devs, 64L << 20, block, node, "t-" + name, null, compression, null, dcsum, mcsum, null,
                replicas, replicas, encrypted, pass, false, tree);
        String summary = Format.run(o, s -> { });
        assertThat(summary).contains("1011 files copied");
        OpenOptions open = encrypted ? Fixtures.options("encrypted") : OpenOptions.DEFAULTS;
        try (FsView v = Bcachefs.open(paths, open)) {
            TreeMap<String, String> got = new TreeMap<>();
            FileContentTest.hashAll(v, v.rootIno(), ".", got);
            assertThat(FileContentTest.diff(FileContentTest.expected("files.sha256"), got)).isEmpty();
            TreeMap<String, String> meta = TreeDump.meta(v);
            meta.remove("./lost+found");
            assertThat(TreeDump.diff(TreeDump.expectedMeta(Fixtures.dir().resolve("files.meta.txt")), meta)).isEmpty();
            assertThat(TreeDump.xattrs(v).strip()).isEqualTo(Files.readString(Fixtures.dir().resolve("files.xattrs.txt")).strip());
        }
        if (replicas > 1 && replicas == ndev) {
            // every device alone holds a copy of everything, so it still gives every file (degraded)
            for (Path one : paths) {
                try (FsView v = Bcachefs.open(List.of(one), new OpenOptions(true, null, OpenOptions.DEFAULT_NODE_CACHE_BYTES))) {
                    TreeMap<String, String> got = new TreeMap<>();
                    FileContentTest.hashAll(v, v.rootIno(), ".", got);
                    assertThat(FileContentTest.diff(FileContentTest.expected("files.sha256"), got)).as(one.toString()).isEmpty();
                }
            }
        }
        dev.jbcachefs.testkit.UpstreamFsck.check(paths, pass);
    }
}
