package dev.jbcachefs.data;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link ReadBench} on a shared, loaded machine: JMH measures wall time, which on a machine whose load
 * exceeds its cores measures the scheduler as much as the code, and runs the read and its baseline minutes
 * apart. This runs the two alternately in short rounds in one JVM and counts ops per second of this
 * thread's CPU time, so both see the same machine state; the ratio of the medians is what it prints.
 * Usage (classpath as for {@code run.sh}): {@code ReadCpuCheck IMAGE... } with {@code -Drounds=N}
 * (default 15), {@code -DroundMs=M} CPU milliseconds per side per round (default 300) and {@code -Dchunk=BYTES}
 * (bytes per read call, default 128 KiB).
 */
public final class ReadCpuCheck {
    private ReadCpuCheck() {}

    public static void main(String[] args) {
        int rounds = Integer.getInteger("rounds", 15);
        long roundNs = Long.getLong("roundMs", 300) * 1_000_000;
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String image : args) {
            ReadBench b = new ReadBench();
            b.image = image;
            b.chunk = Integer.getInteger("chunk", 128 << 10);
            b.setup();
            try {
                double[] read = new double[rounds], bare = new double[rounds];
                for (int i = -3; i < rounds; i++) { // 3 warm-up rounds
                    double r = rate(mx, roundNs, () -> bh.consume(b.read()));
                    double c = rate(mx, roundNs, () -> {
                        try {
                            b.bareCodec(bh);
                        } catch (java.util.zip.DataFormatException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    if (i >= 0) {
                        read[i] = r;
                        bare[i] = c;
                    }
                }
                Arrays.sort(read);
                Arrays.sort(bare);
                double mr = read[rounds / 2], mb = bare[rounds / 2];
                System.out.printf(Locale.ROOT, "%-16s read %9.2f ops/cpu-s   bare %9.2f ops/cpu-s   ratio %.3f   (read best %.2f, bare best %.2f)%n",
                        image, mr, mb, mr / mb, read[rounds - 1], bare[rounds - 1]);
            } finally {
                b.close();
            }
        }
    }

    private static double rate(ThreadMXBean mx, long ns, Runnable op) {
        long t0 = mx.getCurrentThreadCpuTime(), t;
        int n = 0;
        do {
            op.run();
            n++;
            t = mx.getCurrentThreadCpuTime();
        } while (t - t0 < ns);
        return n * 1e9 / (t - t0);
    }
}
