package dev.jbcachefs.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Files;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Walking every image's tree gives exactly the source tree's metadata ({@code files.meta.txt}) and xattrs. */
class TreeWalkTest {
    @ParameterizedTest
    @ValueSource(strings = {"default", "zstd", "lz4", "gzip", "crc64", "encrypted", "replicas2", "dirty-journal"})
    void treeEqualsSource(String image) throws Exception {
        TreeMap<String, String> expected = TreeDump.expectedMeta(Fixtures.dir().resolve("files.meta.txt"));
        if (image.equals("dirty-journal")) {
            // written through a mount: the kernel's symlink stores the target with its NUL (page_symlink of
            // strlen + 1 bytes), and i_size counts it; format --source stores the bare target
            expected.replaceAll((k, l) -> {
                if (!l.startsWith("l ")) return l;
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(" size=(\\d+) ").matcher(l);
                return m.find() ? m.replaceFirst(" size=" + (Long.parseLong(m.group(1)) + 1) + " ") : l;
            });
        }
        try (FsView v = Bcachefs.open(Fixtures.devices(image), Fixtures.options(image))) {
            TreeMap<String, String> got = TreeDump.meta(v);
            // bcachefs format makes lost+found; the source tree has none
            assertThat(got.remove("./lost+found")).startsWith("d mode=700 ");
            assertThat(TreeDump.diff(expected, got)).isEmpty();
            assertThat(got).hasSize(1018);
            if (!image.equals("dirty-journal")) {
                assertThat(TreeDump.xattrs(v)).isEqualTo(Files.readString(Fixtures.dir().resolve("files.xattrs.txt")));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"default", "encrypted"})
    void statFieldsOfKnownFiles(String image) {
        try (FsView v = Bcachefs.open(Fixtures.devices(image), Fixtures.options(image))) {
            FileStat hello = v.resolve("/hello.txt").stat();
            assertThat(hello.mode()).isEqualTo(FileStat.S_IFREG | 0600);
            assertThat(hello.size()).isEqualTo(12);
            if (image.equals("default")) {
                // touch -d '2020-01-02 03:04:05 UTC' in make-tree.sh; format --source keeps it
                assertThat(hello.mtimeNs()).isEqualTo(1577934245L * 1_000_000_000L);
            }
            FileStat sparse = v.resolve("sparse-8MiB.bin").stat();
            assertThat(sparse.size()).isEqualTo(8L << 20);
            assertThat(sparse.blocks()).isLessThan(100);
            FileStat root = v.stat(v.rootIno());
            assertThat(root.isDirectory()).isTrue();
            assertThat(v.rootIno()).isEqualTo(4096);
            assertThat(v.lookup("hardlink-a")).isEqualTo(v.lookup("hardlink-b"));
            assertThat(v.stat(v.lookup("hardlink-a")).nlink()).isEqualTo(2);
            assertThat(v.lookup("sub/deeper/../deeper/./nested.txt")).isEqualTo(v.lookup("sub/deeper/nested.txt"));
        }
    }
}
