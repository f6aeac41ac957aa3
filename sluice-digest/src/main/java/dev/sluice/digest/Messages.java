package dev.sluice.digest;

import java.util.regex.Pattern;

/**
 * Normalises an error message for grouping rule 2: the parts that vary between occurrences of one bug (ids,
 * counts, addresses, quoted user input) become placeholders, so "order 123 not found" and "order 456 not
 * found" are one issue. The order of the replacements matters: the specific shapes go before plain numbers.
 */
final class Messages {

    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+");
    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d+)?\\b");
    private static final Pattern IPV6 = Pattern.compile("\\b(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{1,4}\\b");
    private static final Pattern QUOTED = Pattern.compile("'[^'\\n]{0,200}'|\"[^\"\\n]{0,200}\"|`[^`\\n]{0,200}`");
    private static final Pattern HEX = Pattern.compile("\\b0[xX][0-9a-fA-F]+\\b|\\b(?=[0-9a-fA-F]*\\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\\b");
    /** Whole numbers only: a digit inside a word ("v2", "utf8", "HTTP2") names a thing rather than counting. */
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])-?\\d+(?:[.,]\\d+)*(?![\\w])");
    private static final int MAX = 2000;

    private Messages() {
    }

    static String normalize(String message) {
        String m = message.length() > MAX ? message.substring(0, MAX) : message;
        m = UUID.matcher(m).replaceAll("<uuid>");
        m = EMAIL.matcher(m).replaceAll("<email>");
        m = IPV4.matcher(m).replaceAll("<ip>");
        m = IPV6.matcher(m).replaceAll("<ip>");
        m = QUOTED.matcher(m).replaceAll("<quoted>");
        m = HEX.matcher(m).replaceAll("<hex>");
        m = NUMBER.matcher(m).replaceAll("<num>");
        return m.strip();
    }
}
