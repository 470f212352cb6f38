package dev.jbcachefs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jbcachefs.testkit.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code jbcachefs list_journal} end to end: argument forms and the structure of its output. */
class ListJournalCommandTest {
    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> Main.report(cmd, ex));
        int rc = cl.execute(args);
        return new String[] {String.valueOf(rc), out.toString(), err.toString()};
    }

    private static List<String> headers(String text) {
        return text.lines().filter(l -> !l.startsWith(" ") && !l.isEmpty()).toList();
    }

    @Test
    void defaultImageHeadersMatchUpstream() {
        String[] r = run("list_journal", "-a", Fixtures.imageFile("default").toString());
        assertThat(r[0]).isEqualTo("0");
        assertThat(headers(r[1])).isEqualTo(headers(Fixtures.output("default.list_journal.txt.zst")));
    }

    @Test
    void replicas2AcceptsColonJoinedDevices() {
        List<java.nio.file.Path> d = Fixtures.devices("replicas2");
        String[] r = run("list_journal", "-a", d.get(0) + ":" + d.get(1));
        assertThat(r[0]).isEqualTo("0");
        String expected = Fixtures.output("replicas2.list_journal.txt.zst");
        assertThat(headers(r[1])).isEqualTo(headers(expected));
        assertThat(r[1].lines().filter(l -> l.startsWith("  written at")).toList())
                .isEqualTo(expected.lines().filter(l -> l.startsWith("  written at")).toList());
    }

    @Test
    void withoutAllTheContiguousJournalIsTheWholeJournalHere() {
        String img = Fixtures.imageFile("dirty-journal").toString();
        String[] all = run("list_journal", "-a", img);
        String[] contiguous = run("list_journal", img);
        assertThat(contiguous[0]).isEqualTo("0");
        assertThat(contiguous[1]).isEqualTo(all[1]);
        assertThat(headers(all[1])).contains("recovering from unclean shutdown", "journal read done, replaying entries 55-55");
    }

    @Test
    void encryptedImageWithPassphraseFile() {
        java.nio.file.Path pass = Fixtures.dir().resolve("passphrase.txt");
        String[] r = run("list_journal", "-a", "--passphrase-file", pass.toString(), Fixtures.imageFile("encrypted").toString());
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[2]).isEmpty();
        assertThat(headers(r[1])).isEqualTo(headers(Fixtures.output("encrypted.list_journal.txt.zst")));
    }

    @Test
    void missingDeviceIsAOneLineError() {
        String[] r = run("list_journal", "/nonexistent/x.img");
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2].strip()).startsWith("jbcachefs: /nonexistent/x.img").doesNotContain("\n");
    }
}
