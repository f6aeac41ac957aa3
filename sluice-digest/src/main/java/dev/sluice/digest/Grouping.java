package dev.sluice.digest;

import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.Frame;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Error grouping rules. Rule 1 is Open Sentry's: the fingerprint is SHA-256 of
 * {@code type|value|frames}, where frames are the last three in-app frames (or the last three of all frames
 * when none is in-app) rendered {@code filename:function}. Issues remember the rule version that made them,
 * so a later rule can be introduced without merging or splitting existing issues.
 */
public final class Grouping {

    /** The rule version this class implements. */
    public static final int RULE_V1 = 1;

    static final int TITLE_MAX = 500;
    private static final Set<String> LEVELS = Set.of("fatal", "error", "warning", "info", "debug");

    private Grouping() {
    }

    /** The grouping of one error occurrence. */
    public record Group(int ruleVersion, String fingerprint, String title, String level) {
    }

    /** Groups {@code item} by rule 1. */
    public static Group v1(ErrorItem item) {
        String type = item.exceptionType().orElse("Error");
        String value = item.exceptionValue().or(item::message).orElse("Unknown error");
        String hashInput = type + "|" + value + "|" + relevantFrames(item.frames());
        return new Group(RULE_V1, sha256Hex(hashInput), title(type + ": " + value), level(item));
    }

    static String relevantFrames(List<Frame> frames) {
        List<Frame> candidates = frames.stream().filter(Frame::inApp).toList();
        if (candidates.isEmpty()) {
            candidates = frames;
        }
        List<Frame> last = candidates.subList(Math.max(0, candidates.size() - 3), candidates.size());
        StringBuilder out = new StringBuilder();
        for (Frame f : last) {
            if (!out.isEmpty()) {
                out.append('|');
            }
            out.append(f.filename().orElse("?")).append(':').append(f.function().orElse("?"));
        }
        return out.toString();
    }

    /** Cuts to 500 UTF-16 units, backing off one unit rather than splitting a surrogate pair. */
    static String title(String full) {
        if (full.length() <= TITLE_MAX) {
            return full;
        }
        int end = Character.isHighSurrogate(full.charAt(TITLE_MAX - 1)) ? TITLE_MAX - 1 : TITLE_MAX;
        return full.substring(0, end);
    }

    /** The explicit level, else derived from the exception type ({@code warn} counts as warning). */
    static String level(ErrorItem item) {
        if (item.level().isPresent() && LEVELS.contains(item.level().get())) {
            return item.level().get();
        }
        return switch (item.exceptionType().orElse("")) {
            case "fatal" -> "fatal";
            case "warning", "warn" -> "warning";
            case "info" -> "info";
            case "debug" -> "debug";
            default -> "error";
        };
    }

    static String sha256Hex(String input) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
