package dev.jbcachefs.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.init.BchFs;
import dev.jbcachefs.init.OpenOptions;
import dev.jbcachefs.testkit.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Memory stays bounded: listing every btree of a reference image (with value text, default 32 MiB node
 * cache) succeeds in a separate JVM limited to a 128 MiB heap, and gives the same keys as in this JVM.
 */
class HeapBudgetTest {
    @ParameterizedTest
    @ValueSource(strings = {"default", "replicas2"})
    void listsEveryBtreeIn128MiB(String image) throws Exception {
        List<Path> devs = Fixtures.devices(image);
        Listing here;
        try (BchFs fs = BchFs.open(devs, OpenOptions.DEFAULTS)) {
            here = Listing.of(fs);
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx128m", "--enable-native-access=ALL-UNNAMED", "-cp", cp, ListAllMain.class.getName()));
        for (Path p : devs) cmd.add(p.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CLASSPATH", "");
        Process proc = pb.start();
        byte[] out = proc.getInputStream().readAllBytes();
        assertThat(proc.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8).trim();
        System.out.println(image + " with -Xmx128m: " + text);
        assertThat(proc.exitValue()).as("exit code; output:%n%s", text).isZero();
        assertThat(text).contains("keys " + here.keys() + " digest " + here.digest() + " ");
    }

}
