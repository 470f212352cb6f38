package dev.jbcachefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.testkit.Fixtures;
import dev.jbcachefs.testkit.UpstreamList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListCommandTest {
    static String img(String name) {
        return Fixtures.imageFile(name).toString();
    }

    @Test
    void listsInodesHeadersLikeUpstream() {
        CliRunner.Result r = CliRunner.run("list", "-b", "inodes", img("default"));
        assertThat(r.exit()).isZero();
        Map<String, List<String>> want = UpstreamList.parse(Fixtures.output("default.list.txt.zst"));
        List<String> got = r.out().lines().filter(l -> l.startsWith("u64s ")).map(UpstreamList::header).toList();
        assertThat(got).isEqualTo(want.get("inodes").stream().map(UpstreamList::header).toList());
    }

    @Test
    void startEndAndTypeFilters() {
        CliRunner.Result r = CliRunner.run("list", "-b", "extents", "-s", "2147483650:0", "-e", "2147483652:8:U32_MAX", "-k", "extent", img("default"));
        assertThat(r.exit()).isZero();
        List<String> headers = r.out().lines().filter(l -> l.startsWith("u64s ")).map(UpstreamList::header).toList();
        assertThat(headers).containsExactly(
                "u64s 7 type extent 2147483650:8:U32_MAX len 8 ver 0",
                "u64s 7 type extent 2147483651:8:U32_MAX len 8 ver 0",
                "u64s 7 type extent 2147483652:8:U32_MAX len 8 ver 0");
    }

    @Test
    void replicas2EachDeviceAloneDegradedAndBothTogether() {
        String d0 = img("replicas2-dev0"), d1 = img("replicas2-dev1");
        CliRunner.Result both = CliRunner.run("list", "-b", "all", d0 + ":" + d1);
        assertThat(both.exit()).isZero();
        for (String d : List.of(d0, d1)) {
            CliRunner.Result alone = CliRunner.run("list", "-b", "all", "--degraded", d);
            assertThat(alone.exit()).isZero();
            assertThat(alone.err()).contains("degraded: device");
            assertThat(headers(alone.out())).isEqualTo(headers(both.out()));
        }
        CliRunner.Result refused = CliRunner.run("list", d0);
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err().strip()).startsWith("jbcachefs: filesystem 49234601-0b32-4f3d-b3f6-7105f26dd616 is missing device 1").doesNotContain("\n");
    }

    static List<String> headers(String out) {
        return out.lines().filter(l -> l.startsWith("u64s ") || l.startsWith("#####")).map(UpstreamList::header).toList();
    }

    @Test
    void badInputIsOneLineAndNonZero() {
        CliRunner.Result missing = CliRunner.run("list", "/nonexistent/dev");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("jbcachefs: /nonexistent/dev: no such file or device");
        CliRunner.Result badBtree = CliRunner.run("list", "-b", "nope", img("default"));
        assertThat(badBtree.exit()).isEqualTo(2);
        assertThat(badBtree.err().strip()).isEqualTo("jbcachefs: unknown btree 'nope'");
        CliRunner.Result badPos = CliRunner.run("list", "-s", "x:y", img("default"));
        assertThat(badPos.exit()).isEqualTo(2);
        CliRunner.Result badOpt = CliRunner.run("list", "--frobnicate", img("default"));
        assertThat(badOpt.exit()).isEqualTo(2);
    }

    @Test
    void encryptedNeedsTheRightPassphrase(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path good = Fixtures.dir().resolve("passphrase.txt");
        CliRunner.Result ok = CliRunner.run("list", "-b", "subvolumes", "--passphrase-file", good.toString(), img("encrypted"));
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).startsWith("u64s 10 type subvolume 0:1:0 len 0 ver 0");
        java.nio.file.Path bad = tmp.resolve("bad.txt");
        java.nio.file.Files.writeString(bad, "not the passphrase");
        CliRunner.Result wrong = CliRunner.run("list", "-b", "subvolumes", "--passphrase-file", bad.toString(), img("encrypted"));
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err().strip()).isEqualTo("jbcachefs: wrong passphrase for encrypted.img");
    }
}
