package dev.jbcachefs.sb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Our show-super text against upstream's {@code show-super -l -f all DEV0}, line by line, per image. */
class ShowSuperCompareTest {
    static List<String> images() {
        return Fixtures.IMAGES;
    }

    static String ours(Path dev0) {
        try (var dev = FileBlockDevice.openReadOnly(dev0)) {
            Superblock sb = Superblock.read(dev);
            return SuperblockText.showSuper(sb, true, SuperblockText.ALL_FIELDS, SuperblockText.deviceContext(sb));
        }
    }

    @ParameterizedTest
    @MethodSource("images")
    void matchesUpstreamLineByLine(String image) {
        String want = Fixtures.output(image + ".show-super.txt");
        String got = ours(Fixtures.devices(image).get(0));
        String[] w = want.split("\n", -1), g = got.split("\n", -1);
        int same = 0;
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < Math.max(w.length, g.length); i++) {
            String a = i < w.length ? w[i] : "<missing>", b = i < g.length ? g[i] : "<missing>";
            if (a.equals(b)) same++;
            else if (diffs.size() < 10) diffs.add((i + 1) + ":\n  want |" + a + "|\n  got  |" + b + "|");
        }
        System.out.println("show-super " + image + ": " + same + "/" + w.length + " lines match");
        diffs.forEach(System.out::println);
        assertThat(got).isEqualTo(want);
    }
}
