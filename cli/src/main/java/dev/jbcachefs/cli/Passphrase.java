package dev.jbcachefs.cli;

import dev.jbcachefs.BcachefsException;
import dev.jbcachefs.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Option;

/**
 * Where a command gets the passphrase of an encrypted filesystem, as bcachefs-tools does: the exact bytes
 * of {@code --passphrase-file} (one trailing newline stripped), else a prompt on the terminal with echo
 * off, else the first line of stdin when stdin is not a terminal. A picocli mixin, so every command that
 * opens a filesystem offers the same option; the passphrase is only read when the filesystem turns out to
 * be encrypted.
 */
public final class Passphrase {
    static final String PROMPT = "Enter passphrase: ";
    static final String MISSING = "filesystem is encrypted: give --passphrase-file or a passphrase on stdin";
    /** Longest passphrase file or line accepted. */
    static final int MAX_BYTES = 64 * 1024;

    @Option(names = "--passphrase-file", paramLabel = "FILE",
            description = "Read the passphrase of an encrypted filesystem from FILE (one trailing newline is ignored).")
    Path file;

    /** Obtains the passphrase from the option, the terminal or stdin of this process. */
    public byte[] read() {
        Console c = System.console();
        return obtain(file, c != null && c.isTerminal() ? c : null, System.in, System.err);
    }

    /**
     * Obtains the passphrase: from {@code file} if given, else from {@code console} (prompting on
     * {@code err}) if there is one, else from the first line of {@code stdin}.
     *
     * @throws BcachefsException BAD_PASSPHRASE when no passphrase can be had; IO when the file cannot be read
     */
    static byte[] obtain(Path file, Console console, InputStream stdin, PrintStream err) {
        if (file != null) return fromFile(file);
        if (console != null) {
            err.print(PROMPT);
            err.flush();
            char[] chars = console.readPassword();
            err.println();
            if (chars == null) throw new BcachefsException(ErrorCode.BAD_PASSPHRASE, MISSING);
            try {
                return utf8(chars);
            } finally {
                Arrays.fill(chars, '\0');
            }
        }
        return firstLine(stdin);
    }

    /**
     * A new passphrase for {@code format --encrypted}: from {@code file}; at a terminal asked twice (they
     * must match); else the first line of {@code stdin}. Empty passphrases are refused.
     */
    static byte[] forNewFilesystem(Path file, Console console, InputStream stdin, PrintStream err) {
        if (file != null || console == null) {
            byte[] p = obtain(file, null, stdin, err);
            if (p.length == 0) throw new BcachefsException(ErrorCode.BAD_PASSPHRASE, "empty passphrase (use --no_passphrase for an unwrapped key)");
            return p;
        }
        byte[] first = obtain(null, console, stdin, err);
        err.print("Enter same passphrase again: ");
        err.flush();
        char[] again = console.readPassword();
        err.println();
        if (again == null) throw new BcachefsException(ErrorCode.BAD_PASSPHRASE, MISSING);
        byte[] second = utf8(again);
        Arrays.fill(again, '\0');
        boolean same = Arrays.equals(first, second);
        Arrays.fill(second, (byte) 0);
        if (!same) throw new BcachefsException(ErrorCode.BAD_PASSPHRASE, "the passphrases do not match");
        if (first.length == 0) throw new BcachefsException(ErrorCode.BAD_PASSPHRASE, "empty passphrase (use --no_passphrase for an unwrapped key)");
        return first;
    }

    static byte[] fromFile(Path file) {
        byte[] b;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "passphrase file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            b = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BcachefsException(ErrorCode.IO, "cannot read passphrase file " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() != null ? " " + e.getMessage() : ""), e);
        }
        int len = b.length > 0 && b[b.length - 1] == '\n' ? b.length - 1 : b.length;
        if (len == 0) throw new BcachefsException(ErrorCode.BAD_PASSPHRASE, "passphrase file " + file + " is empty");
        byte[] out = Arrays.copyOf(b, len);
        Arrays.fill(b, (byte) 0);
        return out;
    }

    /** The first line of {@code in} without its newline; missing when {@code in} ends before any byte. */
    static byte[] firstLine(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean any = false;
        try {
            for (int c; (c = in.read()) >= 0; ) {
                any = true;
                if (c == '\n') break;
                if (line.size() >= MAX_BYTES) throw new BcachefsException(ErrorCode.INVALID_ARGUMENT, "passphrase on stdin is longer than " + MAX_BYTES + " bytes");
                line.write(c);
            }
        } catch (IOException e) {
            throw new BcachefsException(ErrorCode.IO, "cannot read the passphrase from stdin: " + e.getMessage(), e);
        }
        if (!any) throw new BcachefsException(ErrorCode.BAD_PASSPHRASE, MISSING);
        return line.toByteArray();
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] out = new byte[bb.remaining()];
        bb.get(out);
        if (bb.hasArray()) Arrays.fill(bb.array(), (byte) 0);
        return out;
    }
}
