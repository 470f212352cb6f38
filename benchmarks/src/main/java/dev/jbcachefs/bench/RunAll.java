package dev.jbcachefs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the benchmarks (JMH command-line options pass through) and prints each one as a ratio against the
 * baseline measured in the same run, since absolute numbers depend on the machine and its load. Usage:
 * {@code RunAll RESULTS_DIR STAMP [jmh options...]}; writes {@code RESULTS_DIR/jmh-STAMP.json} and
 * {@code RESULTS_DIR/summary-STAMP.txt}.
 */
public final class RunAll {
    private RunAll() {}

    public static void main(String[] args) throws RunnerException, CommandLineOptionException, IOException {
        if (args.length < 2) {
            System.err.println("usage: RunAll RESULTS_DIR STAMP [jmh options...]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        String stamp = args[1];
        Files.createDirectories(dir);
        String[] jmhArgs = java.util.Arrays.copyOfRange(args, 2, args.length);
        CommandLineOptions cmd = new CommandLineOptions(jmhArgs);
        var opts = new OptionsBuilder().parent(cmd).resultFormat(ResultFormatType.JSON)
                .result(dir.resolve("jmh-" + stamp + ".json").toString()).build();
        Collection<RunResult> results = new Runner(opts).run();
        String table = summary(results);
        System.out.println();
        System.out.print(table);
        Files.writeString(dir.resolve("summary-" + stamp + ".txt"), table);
    }

    /** Benchmark short name (class.method, plus params when not default) to its primary and {@code bytes} rates. */
    static String summary(Collection<RunResult> results) {
        Map<String, RunResult> byName = new LinkedHashMap<>();
        for (RunResult r : results) {
            String full = r.getParams().getBenchmark();
            String cls = full.substring(0, full.lastIndexOf('.'));
            String name = cls.substring(cls.lastIndexOf('.') + 1) + "." + full.substring(full.lastIndexOf('.') + 1);
            String image = r.getParams().getParam("image");
            byName.put(name + (image == null ? "" : "@" + image), r);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-34s %16s   %-26s %16s   %9s   %s%n", "benchmark", "score", "baseline (same run)", "baseline", "ratio", "goal"));
        for (String key : byName.keySet()) {
            String image = key.substring(key.indexOf('@'));
            String name = key.substring(0, key.indexOf('@'));
            RunResult r = byName.get(key);
            switch (name) {
                case "UnpackBench.unpack", "UnpackBench.unpackFold" -> row(out, key, rate(r, null), "M keys/s", "readWords" + image,
                        rate(byName.get("UnpackBench.readWords" + image), null), "goal >= 20 M keys/s/core", 20e6);
                case "NodeParseBench.parse", "NodeParseBench.copy" -> row(out, key, rate(r, "bytes"), "MB/s", "crc32c" + image,
                        rate(byName.get("NodeParseBench.crc32c" + image), "bytes"), name.endsWith("parse") ? "goal >= 500 MB/s/core" : "", 500e6);
                case "ListBench.list" -> {
                    RunResult base = byName.get("ListBench.readImage" + image);
                    double ms = r.getPrimaryResult().getScore();
                    double baseMs = base == null ? Double.NaN : base.getPrimaryResult().getScore();
                    out.append(String.format(Locale.ROOT, "%-34s %13.2f ms   %-26s %13.2f ms   %8.2fx   %s%n", key, ms, "readImage" + image, baseMs,
                            ms / baseMs, "(time ratio: list / sequential read of the image; lower is better)"));
                }
                default -> { }
            }
        }
        out.append(String.format(Locale.ROOT, "(ratios: score / baseline rate unless noted; 1 thread = 1 core; load average at end: %s)%n", loadAverage()));
        return out.toString();
    }

    private static void row(StringBuilder out, String name, double v, String unit, String baseName, double base, String goal, double goalValue) {
        double scale = 1e6;
        String mark = goal.isEmpty() ? "" : (v >= goalValue ? "  [met]" : "  [not met]");
        out.append(String.format(Locale.ROOT, "%-34s %10.1f %-8s %-26s %10.1f %-8s %8.3f    %s%s%n", name, v / scale, unit, baseName, base / scale, unit,
                v / base, goal, mark));
    }

    /** The primary rate (ops/s), or the named auxiliary counter's rate. */
    private static double rate(RunResult r, String counter) {
        if (r == null) return Double.NaN;
        if (counter == null) return r.getPrimaryResult().getScore();
        Result<?> s = r.getSecondaryResults().get(counter);
        return s == null ? Double.NaN : s.getScore();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
