package dev.sluice.digest;

import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.Frame;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Error grouping rules, versioned: an issue remembers the rule that made it.
 *
 * <p>Rule 2 (the default for new projects) is what users of Sentry expect, in order: the client's fingerprint
 * ({@code {{ default }}} in it stands for the rest of this rule); else the exception type and its in-app frames
 * (module — or file when there is none — and function; no line numbers, no message, so a message that carries
 * an order number does not split the issue); else the exception type and the normalised message (see
 * {@link Messages}); else the normalised message.
 *
 * <p>Rule 1 is Open Sentry's: the fingerprint is SHA-256 of
 * {@code type|value|frames}, where frames are the last three in-app frames (or the last three of all frames
 * when none is in-app) rendered {@code filename:function}. Issues remember the rule version that made them,
 * so a later rule can be introduced without merging or splitting existing issues.
 */
public final class Grouping {

    /** Open Sentry's rule. */
    public static final int RULE_V1 = 1;
    /** The default rule: fingerprint, in-app frames, normalised message. */
    public static final int RULE_V2 = 2;
    private static final String DEFAULT_PART = "{{ default }}";

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

    /** Groups {@code item} by {@code ruleVersion} (1 or 2). */
    public static Group byRule(ErrorItem item, int ruleVersion) {
        return ruleVersion == RULE_V1 ? v1(item) : v2(item);
    }

    /** Groups {@code item} by rule 2. */
    public static Group v2(ErrorItem item) {
        String hashInput;
        if (item.fingerprint().isEmpty()) {
            hashInput = defaultV2(item);
        } else {
            StringBuilder b = new StringBuilder("fingerprint");
            for (String part : item.fingerprint()) {
                String p = part.strip();
                b.append('\u001f').append(p.equals(DEFAULT_PART) || p.equals("{{default}}") ? defaultV2(item) : part);
            }
            hashInput = b.toString();
        }
        return new Group(RULE_V2, sha256Hex(hashInput), titleV2(item), level(item));
    }

    private static String defaultV2(ErrorItem item) {
        String type = item.exceptionType().orElse("");
        List<Frame> inApp = item.frames().stream().filter(Frame::inApp).toList();
        if (!inApp.isEmpty()) {
            StringBuilder b = new StringBuilder("frames\u001f").append(type);
            for (Frame f : inApp) {
                b.append('\u001f').append(f.module().or(f::filename).orElse("?")).append(':')
                        .append(f.function().orElse("?"));
            }
            return b.toString();
        }
        String message = Messages.normalize(item.exceptionValue().or(item::message).orElse(""));
        return type.isEmpty() ? "message\u001f" + message : "type\u001f" + type + "\u001f" + message;
    }

    /** {@code Type: value} when there is a type; a plain message stands alone (no invented "Error: "). */
    private static String titleV2(ErrorItem item) {
        Optional<String> value = item.exceptionValue().or(item::message);
        if (item.exceptionType().isPresent()) {
            return title(item.exceptionType().get() + value.map(v -> ": " + v).orElse(""));
        }
        return title(value.orElse("Unknown error"));
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
