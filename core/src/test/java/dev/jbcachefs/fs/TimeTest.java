package dev.jbcachefs.fs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Inode times to nanoseconds with the superblock's base and precision. */
class TimeTest {
    @Test
    void nanosecondPrecision() {
        assertThat(FsContext.timeNs(5, 1_000_000_000L, 1)).isEqualTo(1_000_000_005L);
        assertThat(FsContext.timeNs(-10, 0, 1)).isEqualTo(-10);
    }

    @Test
    void coarserPrecisionScalesUnits() {
        // microsecond units: base 2 s, time 1.5 s later
        assertThat(FsContext.timeNs(1_500_000, 2_000_000, 1000)).isEqualTo(3_500_000_000L);
        // before the base: negative units floor to the previous second
        assertThat(FsContext.timeNs(-1, 0, 1000)).isEqualTo(-1000);
        // second precision
        assertThat(FsContext.timeNs(3, 7, 1_000_000_000)).isEqualTo(10_000_000_000L);
    }
}
