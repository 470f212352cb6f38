package dev.jbcachefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    long now;

    @Test
    void quietForShortRunsWhenNotATerminalThenThrottled() {
        StringWriter sw = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(sw), false, () -> now);
        now = 1_900_000_000L;
        p.update(10, 1 << 20);
        assertThat(sw.toString()).isEmpty();
        assertThat(p.shown()).isFalse();
        now = 2_000_000_000L;
        p.update(20, 4L << 20);
        assertThat(sw.toString()).isEqualTo("\r20 files, 4.0 MiB, 2.0 MiB/s");
        now += 100_000_000L; // within the interval: nothing
        p.update(21, 5L << 20);
        assertThat(sw.toString()).isEqualTo("\r20 files, 4.0 MiB, 2.0 MiB/s");
        now = 4_000_000_000L;
        p.update(30, 1000);
        assertThat(sw.toString()).endsWith("\r30 files, 1000 B, 250 B/s" + " ".repeat(3));
        p.finish();
        assertThat(sw.toString()).endsWith("\n");
        assertThat(p.shown()).isFalse();
    }

    @Test
    void terminalShowsAtOnceAndErasesTheLine() {
        StringWriter sw = new StringWriter();
        ProgressLine p = new ProgressLine(new PrintWriter(sw), true, () -> now);
        now = 300_000_000L;
        p.update(1, 2048);
        String line = "1 files, 2.0 KiB, 6.7 KiB/s";
        assertThat(sw.toString()).isEqualTo("\r" + line);
        p.finish();
        assertThat(sw.toString()).isEqualTo("\r" + line + "\r" + " ".repeat(line.length()) + "\r");
    }

    @Test
    void humanSizes() {
        assertThat(dev.jbcachefs.util.Sizes.human(0)).isEqualTo("0 B");
        assertThat(dev.jbcachefs.util.Sizes.human(1536)).isEqualTo("1.5 KiB");
        assertThat(dev.jbcachefs.util.Sizes.human(15L << 30)).isEqualTo("15.0 GiB");
        assertThat(dev.jbcachefs.util.Sizes.human(Long.MAX_VALUE)).isEqualTo("8.0 EiB");
    }
}
