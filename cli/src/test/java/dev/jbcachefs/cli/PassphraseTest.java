package dev.jbcachefs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import dev.jbcachefs.crypto.Crypto;
import dev.jbcachefs.device.FileBlockDevice;
import dev.jbcachefs.sb.Superblock;
import dev.jbcachefs.testkit.Fixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PassphraseTest {
    static final PrintStream NO_ERR = new PrintStream(new ByteArrayOutputStream());

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ByteArrayInputStream stdin(String s) {
        return new ByteArrayInputStream(bytes(s));
    }

    @Test
    void fileGivesExactBytesWithOneTrailingNewlineStripped(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("pw");
        Files.write(f, bytes("secret \r\n\n"));
        assertThat(Passphrase.obtain(f, null, stdin("ignored\n"), NO_ERR)).isEqualTo(bytes("secret \r\n"));
        Files.write(f, bytes("no newline"));
        assertThat(Passphrase.obtain(f, null, stdin(""), NO_ERR)).isEqualTo(bytes("no newline"));
    }

    @Test
    void emptyOrMissingFileIsAnError(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("pw");
        Files.write(f, bytes("\n"));
        assertThatThrownBy(() -> Passphrase.obtain(f, null, stdin(""), NO_ERR))
                .isInstanceOf(BcachefsException.class).hasMessageContaining("is empty")
                .extracting(e -> ((BcachefsException) e).code()).isEqualTo(ErrorCode.BAD_PASSPHRASE);
        assertThatThrownBy(() -> Passphrase.obtain(tmp.resolve("absent"), null, stdin(""), NO_ERR))
                .isInstanceOf(BcachefsException.class).hasMessageStartingWith("cannot read passphrase file ")
                .extracting(e -> ((BcachefsException) e).code()).isEqualTo(ErrorCode.IO);
    }

    @Test
    void stdinGivesTheFirstLine() {
        assertThat(Passphrase.obtain(null, null, stdin("first line\nsecond\n"), NO_ERR)).isEqualTo(bytes("first line"));
        assertThat(Passphrase.obtain(null, null, stdin("unterminated"), NO_ERR)).isEqualTo(bytes("unterminated"));
        assertThat(Passphrase.obtain(null, null, stdin("\n"), NO_ERR)).isEmpty();
    }

    @Test
    void emptyStdinWithoutTerminalIsMissing() {
        assertThatThrownBy(() -> Passphrase.obtain(null, null, stdin(""), NO_ERR))
                .isInstanceOf(BcachefsException.class)
                .hasMessage("filesystem is encrypted: give --passphrase-file or a passphrase on stdin")
                .extracting(e -> ((BcachefsException) e).code()).isEqualTo(ErrorCode.BAD_PASSPHRASE);
    }

    @Test
    void optionParsesAsAMixinAndUnlocksTheEncryptedImage(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("pw");
        Files.writeString(f, Fixtures.passphrase() + "\n");
        @CommandLine.Command(name = "t")
        class Cmd {
            @CommandLine.Mixin
            Passphrase passphrase;
        }
        Cmd cmd = new Cmd();
        new CommandLine(cmd).parseArgs("--passphrase-file", f.toString());
        byte[] pw = cmd.passphrase.read();
        try (var dev = FileBlockDevice.openReadOnly(Fixtures.imageFile("encrypted"))) {
            assertThat(Crypto.unlock(Superblock.read(dev), pw)).isNotNull();
        }
    }
}
