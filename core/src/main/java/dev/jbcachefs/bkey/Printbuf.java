package dev.jbcachefs.bkey;

/**
 * A text buffer that follows upstream's {@code printbuf} layout rules, so printed keys come out byte for
 * byte as the tools print them: an indent level that is applied after every newline (including newlines
 * embedded in printed strings), tabstops for column alignment ({@code \t} pads to the next tabstop,
 * {@code \r} right-justifies the current field to it) and the trimming of a trailing indent when the
 * indent level drops. Text written with {@link #raw} skips that processing, as upstream's byte and char
 * output does.
 */
public final class Printbuf {
    private final StringBuilder sb;
    private int indent;
    private int lastNewline;
    private int lastField;
    private int curTabstop;
    private final int[] tabstops = new int[16];
    private int nrTabstops;
    private boolean hasIndentOrTabstops;

    public Printbuf() {
        this(new StringBuilder());
    }

    /** Appends to {@code sb}; line lengths count from its last newline. */
    public Printbuf(StringBuilder sb) {
        this.sb = sb;
        this.lastNewline = sb.lastIndexOf("\n") + 1;
        this.lastField = sb.length();
    }

    public StringBuilder builder() {
        return sb;
    }

    public int length() {
        return sb.length();
    }

    @Override
    public String toString() {
        return sb.toString();
    }

    /** Drops everything after {@code length} (used to replace a partly printed value). */
    void truncate(int length) {
        sb.setLength(length);
        lastNewline = Math.min(lastNewline, sb.lastIndexOf("\n") + 1);
        lastField = Math.min(lastField, length);
    }

    private int curTabstopValue() {
        return curTabstop < nrTabstops ? tabstops[curTabstop] : 0;
    }

    /** Formatted/string output: embedded newlines and (with tabstops) tabs are processed. */
    public Printbuf prt(String s) {
        int from = sb.length();
        sb.append(s);
        if (hasIndentOrTabstops) doIndent(from);
        return this;
    }

    public Printbuf prt(long v) {
        return prt(Long.toString(v));
    }

    /** Unsigned decimal ({@code %llu}/{@code %u} of an unsigned value). */
    public Printbuf prtU(long v) {
        return prt(Long.toUnsignedString(v));
    }

    /** Raw output (upstream's byte/char output): no newline or tab processing. */
    public Printbuf raw(String s) {
        sb.append(s);
        return this;
    }

    public Printbuf raw(char c) {
        sb.append(c);
        return this;
    }

    private void insertSpaces(int pos, int n) {
        if (n > 0) sb.insert(pos, " ".repeat(n));
    }

    private void doIndent(int pos) {
        while (true) {
            int n = -1;
            boolean tabs = curTabstopValue() != 0;
            for (int i = pos; i < sb.length(); i++) {
                char c = sb.charAt(i);
                if (c == '\n' || (tabs && (c == '\r' || c == '\t'))) {
                    n = i;
                    break;
                }
            }
            if (n < 0) return;
            pos = n;
            char c = sb.charAt(n);
            if (c == '\n') {
                pos++;
                lastNewline = pos;
                insertSpaces(pos, indent);
                pos = Math.min(pos + indent, sb.length());
                lastField = pos;
                curTabstop = 0;
            } else if (c == '\r') {
                sb.deleteCharAt(n);
                int pad = curTabstopValue() - (pos - lastNewline);
                if (pad > 0) {
                    insertSpaces(lastField, pad);
                    pos += pad;
                }
                lastField = pos;
                curTabstop++;
            } else {
                int pad = curTabstopValue() - (pos - lastNewline) - 1;
                if (pad > 0) {
                    sb.setCharAt(n, ' ');
                    insertSpaces(pos, pad - 1);
                    pos += pad;
                } else {
                    sb.deleteCharAt(n);
                }
                lastField = pos;
                curTabstop++;
            }
        }
    }

    /** Increases the indent and prints that many spaces now ({@code printbuf_indent_add}). */
    public Printbuf indentAdd(int spaces) {
        indent += spaces;
        sb.append(" ".repeat(spaces));
        hasIndentOrTabstops = true;
        return this;
    }

    /** Increases the indent for following lines only. */
    public Printbuf indentAddNextline(int spaces) {
        indent += spaces;
        hasIndentOrTabstops = true;
        return this;
    }

    /** Decreases the indent, taking back the current line's indent if nothing follows it yet. */
    public Printbuf indentSub(int spaces) {
        if (spaces > indent) spaces = indent;
        if (lastNewline + indent == sb.length()) sb.setLength(sb.length() - spaces);
        indent -= spaces;
        if (indent == 0 && nrTabstops == 0) hasIndentOrTabstops = false;
        return this;
    }

    public Printbuf newline() {
        sb.append('\n');
        lastNewline = sb.length();
        sb.append(" ".repeat(indent));
        lastField = sb.length();
        curTabstop = 0;
        return this;
    }

    public Printbuf tabstopPush(int spaces) {
        int prev = nrTabstops > 0 ? tabstops[nrTabstops - 1] : 0;
        if (nrTabstops < tabstops.length) tabstops[nrTabstops++] = prev + spaces;
        hasIndentOrTabstops = true;
        return this;
    }

    public Printbuf tabstopsReset() {
        nrTabstops = 0;
        return this;
    }

    /** Pads with spaces to the next tabstop. */
    public Printbuf tab() {
        if (curTabstopValue() == 0) return this;
        int spaces = Math.max(0, curTabstopValue() - (sb.length() - lastNewline));
        sb.append(" ".repeat(spaces));
        lastField = sb.length();
        curTabstop++;
        return this;
    }

    /** Right-justifies the field since the previous tabstop to the next tabstop. */
    public Printbuf tabRjust() {
        if (curTabstopValue() == 0) return this;
        int pad = curTabstopValue() - (sb.length() - lastNewline);
        if (pad > 0) insertSpaces(lastField, pad);
        lastField = sb.length();
        curTabstop++;
        return this;
    }
}
