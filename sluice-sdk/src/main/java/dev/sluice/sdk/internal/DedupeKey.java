package dev.sluice.sdk.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A stable dedupe key for an exception: {@code err:} + SHA-256 of the exception type, the normalised message
 * and the top in-app frame ({@code class.method}). Ids, numbers and hex in messages vary per occurrence, and
 * line numbers vary per deploy, so both are left out: the same bug keeps one task. 68 characters.
 */
public final class DedupeKey {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern HEX_PREFIXED = Pattern.compile("0[xX][0-9a-fA-F]+");
    private static final Pattern HEX_ID = Pattern.compile("\\b(?=[0-9a-fA-F]*[0-9])(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private DedupeKey() {}

    public static String of(Throwable t, Frames inApp) {
        StackTraceElement top = inApp.topInApp(t.getStackTrace());
        String frame = top == null ? "" : top.getClassName() + "." + top.getMethodName();
        String text = t.getClass().getName() + "|" + normalise(t.getMessage()) + "|" + frame;
        return "err:" + sha256(text);
    }

    public static String normalise(String message) {
        if (message == null) {
            return "";
        }
        String m = message.length() > 2000 ? message.substring(0, 2000) : message;
        m = UUID.matcher(m).replaceAll("<uuid>");
        m = HEX_PREFIXED.matcher(m).replaceAll("<hex>");
        m = HEX_ID.matcher(m).replaceAll("<hex>");
        m = NUMBER.matcher(m).replaceAll("<n>");
        return SPACES.matcher(m).replaceAll(" ").trim();
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
