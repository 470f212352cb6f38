package dev.jbcachefs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.fuse.FuseMount;
import dev.jbcachefs.fuse.Mounts;
import dev.jbcachefs.testkit.Fixtures;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code jbcachefs mount}/{@code umount} run as the unprivileged user {@code nobody} (through
 * {@code setpriv}), which goes through the setuid {@code fusermount3} helper and its descriptor passing:
 * the mount belongs to nobody, serves the image's bytes to nobody, is closed to root (no allow_other), and
 * nobody can unmount it. The classpath and image are copied where nobody can read them. fusermount3 opens
 * {@code /dev/fuse} with the caller's rights, so when the device is root-only this test makes it mode 666
 * for its duration and restores the mode afterwards.
 */
class UnprivilegedMountTest {
    private static final Path FUSE = Path.of("/dev/fuse");

    @Test
    void nobodyMountsReadsAndUnmountsThroughFusermount3() throws Exception {
        Assumptions.assumeTrue(Files.exists(FUSE), "no /dev/fuse: skipped");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root to switch to user nobody with setpriv: skipped");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "no setpriv: skipped");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/fusermount3")) || Files.isExecutable(Path.of("/bin/fusermount3")),
                "fusermount3 is not installed (apt-get install fuse3): skipped");
        String oldMode = PosixFilePermissions.toString(Files.getPosixFilePermissions(FUSE));
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "jbc-unpriv");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path mp = null;
        try {
            if (!oldMode.endsWith("rw-")) Files.setPosixFilePermissions(FUSE, PosixFilePermissions.fromString("rw-rw-rw-"));
            String cp = copyClasspath(dir.resolve("cp"));
            Path img = Files.copy(Fixtures.imageFile("default"), dir.resolve("default.img"));
            mp = Files.createDirectory(dir.resolve("mnt"));
            run("chown", "-R", "nobody:nogroup", img.toString(), mp.toString());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> jbc = List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-cp", cp, Main.class.getName());

            Out r = asNobody(jbc, "mount", img.toString(), mp.toString());
            assertThat(r.exit).as(r.text).isZero();
            assertThat(Mounts.fsType(mp)).isEqualTo("fuse.jbcachefs");
            assertThat(mountOptions(mp)).contains("user_id=65534").contains("group_id=65534");
            r = asNobody(List.of("sha256sum"), mp.resolve("random-5MiB.bin").toString());
            assertThat(r.exit).as(r.text).isZero();
            // MANIFEST.md: sha256 of the 5 MiB AES-CTR keystream file
            assertThat(r.text).startsWith("64cdb77c10fa2d9d8e9f928a60bd15a4dff8d47bdfd6214a4092907d10561d2c ");
            // hello.txt is mode 0600 owned by root: default_permissions makes the kernel refuse nobody
            r = asNobody(List.of("cat"), mp.resolve("hello.txt").toString());
            assertThat(r.exit).isEqualTo(1);
            assertThat(r.text).contains("Permission denied");
            r = asNobody(List.of("ls"), mp.resolve("dir1000").toString());
            assertThat(r.text.lines().count()).as(r.text).isEqualTo(1000);
            Path mnt = mp;
            assertThatThrownBy(() -> Files.readString(mnt.resolve("hello.txt"))).isInstanceOf(AccessDeniedException.class);

            r = asNobody(jbc, "umount", mp.toString());
            assertThat(r.exit).as(r.text).isZero();
            assertThat(Mounts.isMountPoint(mp)).isFalse();
        } finally {
            if (mp != null && Mounts.isMountPoint(mp)) FuseMount.umount(mp);
            Files.setPosixFilePermissions(FUSE, PosixFilePermissions.fromString(oldMode));
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String mountOptions(Path mp) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            if (f.length > 4 && f[4].equals(mp.toString())) return line;
        }
        return "";
    }

    private static String copyClasspath(Path to) throws Exception {
        Files.createDirectories(to);
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path src = Path.of(e);
            if (!Files.exists(src)) continue;
            Path dst = to.resolve((i++) + "-" + src.getFileName());
            if (Files.isDirectory(src)) {
                try (Stream<Path> s = Files.walk(src)) {
                    for (Path p : (Iterable<Path>) s::iterator) {
                        Path d = dst.resolve(src.relativize(p).toString());
                        if (Files.isDirectory(p)) Files.createDirectories(d);
                        else Files.copy(p, d, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } else {
                Files.copy(src, dst);
            }
            out.add(dst.toString());
        }
        run("chmod", "-R", "a+rX", to.toString());
        return String.join(File.pathSeparator, out);
    }

    private record Out(int exit, String text) {}

    private static Out asNobody(List<String> cmd, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        all.addAll(cmd);
        all.addAll(List.of(args));
        Process p = new ProcessBuilder(all).redirectErrorStream(true).directory(new File("/tmp")).start();
        p.getOutputStream().close();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return new Out(p.exitValue(), text);
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertThat(p.waitFor()).as(String.join(" ", cmd)).isZero();
    }
}
