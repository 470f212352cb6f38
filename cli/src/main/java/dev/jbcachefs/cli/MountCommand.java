package dev.jbcachefs.cli;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.fs.Bcachefs;
import dev.jbcachefs.fs.FsView;
import dev.jbcachefs.fuse.FuseMount;
import dev.jbcachefs.fuse.MountOptions;
import dev.jbcachefs.init.OpenOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jbcachefs mount}: mounts a bcachefs filesystem through FUSE (read-only), like
 * {@code bcachefs mount} but without the kernel module. With {@code -f} it serves in the foreground until
 * unmounted (SIGINT/SIGTERM unmount it); otherwise it first checks everything a mount needs (FUSE, the
 * mount point, the devices, the passphrase), then starts itself again in the background in a new session
 * and returns once that daemon reports the mount live, so errors still come out as one line here and
 * nothing is left mounted on failure. The passphrase reaches the daemon through its stdin pipe. The
 * daemon's stderr is a log file ({@link #logFile}: {@code -o log=FILE}, else {@code /run/jbcachefs/} as
 * root or {@code $XDG_RUNTIME_DIR/jbcachefs/} / {@code ~/.cache/jbcachefs/} otherwise), so what it reports
 * after this command has returned (request failures, I/O errors, the unmount) is kept; this command
 * relays the log's new lines until the mount is live and prints the log's path.
 */
@Command(name = "mount", description = "Mount a bcachefs filesystem through FUSE (read-only; needs /dev/fuse, and root or fusermount3).")
final class MountCommand implements Callable<Integer> {
    static final String READY = "jbcachefs-mount-ready";

    @Parameters(index = "0", paramLabel = "DEV[:DEV...]", description = "Devices or image files of the filesystem, joined with ':'.")
    String devices;

    @Parameters(index = "1", paramLabel = "MOUNTPOINT", description = "An existing empty directory.")
    Path mountpoint;

    @Option(names = "-o", split = ",", paramLabel = "OPT",
            description = "Mount options: ro (the default), degraded, passphrase_file=FILE, allow_other, subvol=ID, fsname=NAME, threads=N, "
                    + "no_default_permissions, log=FILE (the background daemon's log); defaults, nosuid, nodev, noexec, noatime, relatime and the other fstab-only options are accepted.")
    List<String> options = new ArrayList<>();

    @Option(names = {"-f", "--foreground"}, description = "Stay in the foreground until unmounted (Ctrl-C unmounts).")
    boolean foreground;

    @Option(names = "--passphrase-file", paramLabel = "FILE", description = "Passphrase of an encrypted filesystem (as -o passphrase_file=FILE).")
    Path passphraseFile;

    @Option(names = "--daemon", hidden = true, description = "Internal: the background half; prints the ready line on stdout.")
    boolean daemon;

    /** The parsed {@code -o} options. */
    record Opts(boolean degraded, Path passphraseFile, long subvol, MountOptions mount, Path log) {}

    Opts parse() {
        boolean degraded = false;
        Path pf = passphraseFile;
        long subvol = Bcachefs.ROOT_SUBVOL;
        Path log = null;
        MountOptions m = MountOptions.DEFAULTS.withFsname(String.join(":",
                FsArgs.paths(List.of(devices)).stream().map(d -> d.toAbsolutePath().normalize().toString().replace(",", "_")).toList()));
        for (String o : options) {
            String k = o.contains("=") ? o.substring(0, o.indexOf('=')) : o;
            String v = o.contains("=") ? o.substring(o.indexOf('=') + 1) : null;
            switch (k) {
                case "ro", "defaults", "nosuid", "nodev", "noexec", "noatime", "relatime", "", // mount(8) and fstab options
                        "suid", "dev", "exec", "auto", "noauto", "nofail", "_netdev", "async", "user", "nouser", "users", "x-systemd.automount" -> { }
                case "rw" -> throw new IllegalArgumentException("read-write mounts are not supported yet: mount with -o ro");
                case "degraded" -> degraded = true;
                case "allow_other" -> m = m.withAllowOther(true);
                case "no_default_permissions" -> m = m.withDefaultPermissions(false);
                case "passphrase_file" -> pf = Path.of(value(k, v));
                case "subvol" -> subvol = number(k, value(k, v));
                case "threads" -> m = m.withThreads((int) number(k, value(k, v)));
                case "fsname" -> m = m.withFsname(value(k, v));
                case "log" -> log = Path.of(value(k, v));
                default -> throw new IllegalArgumentException("unknown mount option '" + o + "' (see jbcachefs mount --help)");
            }
        }
        return new Opts(degraded, pf, subvol, m, log);
    }

    private static String value(String k, String v) {
        if (v == null || v.isEmpty()) throw new IllegalArgumentException("mount option " + k + " needs a value (" + k + "=...)");
        return v;
    }

    private static long number(String k, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mount option " + k + "=" + v + " is not a number");
        }
    }

    @Override
    public Integer call() throws Exception {
        Opts o = parse();
        List<Path> devs = FsArgs.paths(List.of(devices));
        FuseMount.checkFuse();
        Path mp = FuseMount.checkMountpoint(mountpoint);
        for (Path d : devs) {
            if (!Files.exists(d)) throw new BcachefsException(ErrorCode.MISSING_DEVICE, "device " + d + " does not exist");
        }
        Passphrase pass = new Passphrase();
        pass.file = o.passphraseFile();
        AtomicReference<byte[]> captured = new AtomicReference<>();
        OpenOptions opts = OpenOptions.DEFAULTS.withDegraded(o.degraded()).withPassphrase(() -> {
            byte[] p = pass.read();
            captured.set(p.clone());
            return p;
        });
        if (foreground || daemon) return serve(devs, opts, o, mp);
        // check the filesystem opens (devices, passphrase) before going to the background
        try (FsView fs = Bcachefs.open(devs, opts, o.subvol())) {
            fs.rootIno();
        }
        return background(captured.get(), mp, o.log() != null ? o.log() : logFile(mp), o.log() == null);
    }

    /**
     * Where the background daemon for {@code mp} logs by default: {@code /run/jbcachefs/} as root,
     * otherwise {@code $XDG_RUNTIME_DIR/jbcachefs/} or {@code ~/.cache/jbcachefs/}; the file is named after
     * the mount point ({@code /mnt/data} gives {@code mnt-data.log}).
     */
    static Path logFile(Path mp) {
        String name = mp.toAbsolutePath().normalize().toString().replaceAll("^/+", "").replace('/', '-');
        if (name.isEmpty()) name = "root";
        Path dir;
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if ("root".equals(System.getProperty("user.name")) && Files.isDirectory(Path.of("/run"))) dir = Path.of("/run/jbcachefs");
        else if (xdg != null && !xdg.isEmpty() && Files.isDirectory(Path.of(xdg))) dir = Path.of(xdg, "jbcachefs");
        else dir = Path.of(System.getProperty("user.home"), ".cache", "jbcachefs");
        return dir.resolve(name + ".log");
    }

    private int serve(List<Path> devs, OpenOptions opts, Opts o, Path mp) throws InterruptedException {
        FsView fs = Bcachefs.open(devs, opts, o.subvol());
        AtomicBoolean closed = new AtomicBoolean();
        Runnable closeFs = () -> {
            if (closed.compareAndSet(false, true)) fs.close();
        };
        FuseMount m;
        try {
            m = FuseMount.mount(fs, mp, o.mount());
        } catch (RuntimeException e) {
            closeFs.run();
            throw e;
        }
        Thread hook = new Thread(() -> {
            m.unmount();
            closeFs.run();
        }, "jbcachefs-unmount");
        Runtime.getRuntime().addShutdownHook(hook);
        for (String w : fs.warnings()) System.err.println("jbcachefs: " + w);
        if (daemon) {
            System.err.println("jbcachefs: " + java.time.Instant.now() + " mounted " + devices + " on " + mp + " (read-only, pid " + ProcessHandle.current().pid() + ")");
            System.err.flush();
            System.out.println(READY);
            System.out.flush();
        } else {
            System.err.println("jbcachefs: mounted " + devices + " on " + mp + " (read-only); unmount with: jbcachefs umount " + mp);
        }
        m.awaitUnmount();
        m.unmount();
        closeFs.run();
        Runtime.getRuntime().removeShutdownHook(hook);
        if (daemon) System.err.println("jbcachefs: " + java.time.Instant.now() + " " + mp + " was unmounted; daemon pid " + ProcessHandle.current().pid() + " exits");
        return 0;
    }

    /**
     * Starts the daemon half with its stderr appended to {@code log} and waits for its ready line; relays
     * the log's new lines (and on failure the daemon's exit code).
     */
    private int background(byte[] passphrase, Path mp, Path log, boolean fallback) throws IOException, InterruptedException {
        log = log.toAbsolutePath().normalize();
        try {
            createLog(log);
        } catch (IOException e) {
            if (!fallback) throw new BcachefsException(ErrorCode.IO, "cannot create the mount daemon's log " + log + ": " + e + " (choose another with -o log=FILE)");
            // e.g. a user without a home directory: a private directory under /tmp
            log = Path.of(System.getProperty("java.io.tmpdir"), "jbcachefs-" + System.getProperty("user.name")).resolve(log.getFileName());
            try {
                createLog(log);
            } catch (IOException e2) {
                throw new BcachefsException(ErrorCode.IO, "cannot create the mount daemon's log " + log + ": " + e2 + " (choose one with -o log=FILE)");
            }
        }
        long logStart = Files.size(log);
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) cmd.add("/usr/bin/setsid");
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) cmd.add(a);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("mount");
        cmd.add("--daemon");
        for (String opt : options) {
            cmd.add("-o");
            cmd.add(opt);
        }
        if (passphraseFile != null) {
            cmd.add("--passphrase-file");
            cmd.add(passphraseFile.toString());
        }
        cmd.add(devices);
        cmd.add(mp.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            if (passphrase != null) {
                in.write(passphrase);
                in.write('\n');
                Arrays.fill(passphrase, (byte) 0);
            }
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String l; (l = out.readLine()) != null; ) {
                if (l.equals(READY)) {
                    System.err.print(newLines(log, logStart, false));
                    System.err.println("jbcachefs: mounted " + devices + " on " + mp + " (read-only, pid " + p.pid() + "); unmount with: jbcachefs umount " + mp);
                    System.err.println("jbcachefs: the mount daemon logs to " + log);
                    return 0;
                }
            }
        }
        int rc = p.waitFor();
        String err = newLines(log, logStart, true);
        System.err.print(err.isEmpty() ? "jbcachefs: the mount daemon exited with status " + rc + " before the mount was ready (log: " + log + ")\n" : err);
        return rc == 0 ? Main.EXIT_ERROR : rc;
    }

    /** Creates the log file and its directory (a new directory readable by its owner only). */
    private static void createLog(Path log) throws IOException {
        Path dir = log.getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made meanwhile
            }
        }
        if (!Files.exists(log)) Files.createFile(log);
        if (!Files.isWritable(log)) throw new IOException(log + " is not writable");
    }

    /** What the daemon appended to its log since {@code from}, without its own "mounted ..." line. */
    private static String newLines(Path log, long from, boolean all) throws IOException {
        byte[] b = Files.readAllBytes(log);
        if (from >= b.length) return "";
        StringBuilder sb = new StringBuilder();
        for (String l : new String(b, (int) Math.min(from, b.length), (int) (b.length - Math.min(from, b.length)), StandardCharsets.UTF_8).split("\n")) {
            if (l.isEmpty() || (!all && l.startsWith("jbcachefs: ") && l.contains(" mounted ") && l.contains(", pid "))) continue;
            sb.append(l).append('\n');
        }
        return sb.toString();
    }
}
