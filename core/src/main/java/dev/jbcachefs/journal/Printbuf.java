package dev.jbcachefs.journal;

/**
 * The indentation rules of upstream's printbuf, which the {@code list_journal} text depends on: adding
 * indent writes the spaces at once, every newline (including one inside printed text) is followed by the
 * current indent, and removing indent right after a newline takes the now-wrong spaces back.
 */
final class Printbuf {
    private final StringBuilder sb = new StringBuilder();
    private int indent;
    private int lastNewline = -1;

    Printbuf str(CharSequence s) {
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                sb.append(s, start, i);
                newline();
                start = i + 1;
            }
        }
        sb.append(s, start, s.length());
        return this;
    }

    Printbuf ch(char c) {
        if (c == '\n') newline();
        else sb.append(c);
        return this;
    }

    Printbuf newline() {
        sb.append('\n');
        lastNewline = sb.length();
        sb.repeat(' ', indent);
        return this;
    }

    void indentAdd(int n) {
        indent += n;
        sb.repeat(' ', n);
    }

    void indentSub(int n) {
        if (n > indent) n = indent;
        if (lastNewline + indent == sb.length()) sb.setLength(sb.length() - n);
        indent -= n;
    }

    StringBuilder raw() {
        return sb;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}
