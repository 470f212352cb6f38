package dev.jbcachefs.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The compatibility check of images jbcachefs writes: when {@code JBCACHEFS_UPSTREAM_BCACHEFS} names a
 * locally built upstream {@code bcachefs} binary (never part of this project), its {@code fsck -n} must
 * exit 0 and print nothing but its pass list. Without the variable the check is skipped.
 */
public final class UpstreamFsck {
    private UpstreamFsck() {}

    /** Whether an upstream binary is configured. */
    public static boolean available() {
        String bin = System.getenv("JBCACHEFS_UPSTREAM_BCACHEFS");
        return bin != null && Files.isExecutable(Path.of(bin));
    }

    public static void check(List<Path> paths, byte[] passphrase) throws Exception {
        if (!available()) return;
        List<String> cmd = new ArrayList<>(List.of(System.getenv("JBCACHEFS_UPSTREAM_BCACHEFS"), "fsck", "-n"));
        for (Path p : paths) cmd.add(p.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (passphrase != null) p.getOutputStream().write(passphrase);
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        List<String> problems = out.lines().filter(l -> !l.contains("done (") && !l.startsWith("sh: ") && !l.startsWith("Running userspace")
                && !l.startsWith("Using encoding") && !l.startsWith("starting version") && !l.contains("with options")
                && !l.startsWith("  with devices:") && !l.startsWith("recovering from clean") && !l.startsWith("going read-write")
                && !l.startsWith("clean shutdown complete") && !l.startsWith("Enter passphrase") && !l.isBlank()).toList();
        assertThat(problems).as(out).isEmpty();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
