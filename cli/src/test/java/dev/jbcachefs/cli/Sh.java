package dev.jbcachefs.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an ordinary host tool ({@code sha256sum}, {@code stat}, {@code getfattr}, {@code find}, {@code dd})
 * as a subprocess with a deadline, capturing its output: the mount tests check a mounted tree the way a
 * user's programs see it, not through Java's file API. A process past its deadline is killed and
 * reported as exit 124, so a hung mount fails a test instead of hanging the build.
 */
final class Sh {
    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\nstdout: " + (out.length() > 2000 ? out.substring(0, 2000) + "..." : out) + "\nstderr: " + err;
        }
    }

    private Sh() {}

    /** {@code bash -c script} in {@code cwd}, killed after {@code seconds}. */
    static Result bash(Path cwd, int seconds, String script, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", "-c", script, "sh"));
        cmd.addAll(List.of(args));
        return run(cwd, seconds, cmd);
    }

    static Result run(Path cwd, int seconds, List<String> cmd) throws IOException, InterruptedException {
        Process p = start(cwd, cmd);
        return finish(p, seconds);
    }

    /** Starts {@code cmd} with stdout and stderr going to temporary files (no pipe to drain). */
    static Process start(Path cwd, List<String> cmd) throws IOException {
        Path out = Files.createTempFile("jbc-sh", ".out"), err = Files.createTempFile("jbc-sh", ".err");
        out.toFile().deleteOnExit();
        err.toFile().deleteOnExit();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (cwd != null) pb.directory(cwd.toFile());
        Process p = pb.start();
        OUTPUTS.put(p, new Path[] {out, err});
        return p;
    }

    private static final java.util.Map<Process, Path[]> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Waits up to {@code seconds} for a process from {@link #start}; kills it (exit 124) past that. */
    static Result finish(Process p, int seconds) throws IOException, InterruptedException {
        int exit;
        if (p.waitFor(seconds, TimeUnit.SECONDS)) {
            exit = p.exitValue();
        } else {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            exit = 124;
        }
        Path[] f = OUTPUTS.remove(p);
        try {
            return new Result(exit, Files.readString(f[0], StandardCharsets.UTF_8), Files.readString(f[1], StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(f[0]);
            Files.deleteIfExists(f[1]);
        }
    }
}
