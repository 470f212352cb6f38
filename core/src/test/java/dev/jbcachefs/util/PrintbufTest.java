package dev.jbcachefs.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The printbuf layout rules upstream's multi-line printers rely on, and its number formatting. */
class PrintbufTest {
    @Test
    void indentAppliesAfterEmbeddedAndExplicitNewlines() {
        Printbuf pb = new Printbuf();
        pb.prt("head").indentAdd(2).prt(": a\nb");
        pb.newline().prt("c\n");
        pb.indentSub(2);
        assertThat(pb.toString()).isEqualTo("head  : a\n  b\n  c\n");
    }

    @Test
    void rawOutputSkipsNewlineProcessing() {
        Printbuf pb = new Printbuf();
        pb.indentAdd(2).raw("x\ny").prt("\nz");
        assertThat(pb.toString()).isEqualTo("  x\ny\n  z");
    }

    @Test
    void tabstopsPadAndRightJustify() {
        Printbuf pb = new Printbuf();
        pb.tabstopPush(8).tabstopPush(6);
        pb.prt("ab").tab().prt("12").tabRjust().newline();
        pb.prt("abc\t7\r");
        assertThat(pb.toString()).isEqualTo("ab          12\nabc          7");
    }

    @Test
    void embeddedTabsPadToOneBeforeTheTabstop() {
        Printbuf p = new Printbuf().tabstopPush(10).tabstopPush(6);
        p.prt("ab\tc\td\te\n");
        p.prt("x");
        p.tab();
        p.prt("y");
        p.tab();
        p.prt("z");
        p.newline();
        p.prt("0123456789012\tv\n");
        assertThat(p.toString()).isEqualTo("ab       c     d\te\nx         y     z\n0123456789012v     \n".replace("v     \n", "v\n"));
    }

    @Test
    void humanReadableUnits() {
        Printbuf p = new Printbuf();
        for (long v : new long[] {0, 1023, 4096, 6176, 65536, 262144, 1 << 20, 64L << 20, 1L << 40}) p.humanReadableU64(v).raw(' ');
        assertThat(p.toString()).isEqualTo("0 1023 4.00k 6.03k 64.0k 256k 1.00M 64.0M 1.00T ");
    }

    @Test
    void tabstopsStopAtUpstreamsLimitOfEight() {
        Printbuf p = new Printbuf();
        for (int i = 0; i < 10; i++) p.tabstopPush(2);
        assertThat(p.nrTabstops()).isEqualTo(8);
        for (int i = 0; i < 9; i++) p.prt("x").tab();
        assertThat(p.toString()).isEqualTo("x x x x x x x x x");
    }

    @Test
    void datetimeIsCtimeInUtcOrRawSecondsPastTheCalendar() {
        assertThat(Printbuf.datetime(1795368119L)).isEqualTo("Sun Nov 22 17:21:59 2026");
        assertThat(Printbuf.datetime(0)).isEqualTo("Thu Jan  1 00:00:00 1970");
        assertThat(Printbuf.datetime(Long.MAX_VALUE)).isEqualTo(Long.toString(Long.MAX_VALUE));
    }
}
