package dev.sluice.digest;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Identifies the user of an occurrence for "ignore until N more users": the hash of the {@code user} object
 * of its detail document (flat string maps as every adapter writes them), so equal users hash equally
 * without parsing the whole document on the hot path.
 */
final class UserKeys {

    private static final Pattern USER = Pattern.compile("\"user\":\\{([^{}]*)}");

    private UserKeys() {
    }

    static Optional<String> of(String detailJson) {
        Matcher m = USER.matcher(detailJson);
        if (!m.find() || m.group(1).isBlank()) {
            return Optional.empty();
        }
        return Optional.of(Grouping.sha256Hex(m.group(1)).substring(0, 32));
    }
}
