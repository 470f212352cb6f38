package dev.jbcachefs.bkey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The printbuf layout rules upstream's multi-line printers rely on. */
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
}
