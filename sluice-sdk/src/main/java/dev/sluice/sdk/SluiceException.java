package dev.sluice.sdk;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by read clients only (capture calls never throw): carries the Connect error code, e.g.
 * {@code not_found} (5) or {@code unauthenticated} (16).
 */
public final class SluiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final List<String> CODES = List.of("ok", "canceled", "unknown", "invalid_argument",
            "deadline_exceeded", "not_found", "already_exists", "permission_denied", "resource_exhausted",
            "failed_precondition", "aborted", "out_of_range", "unimplemented", "internal", "unavailable",
            "data_loss", "unauthenticated");

    /** The Connect code (serialized with the exception). */
    private final String code;

    /** An exception with a Connect {@code code} (e.g. {@code not_found}, {@code invalid_argument}); {@code cause} may be {@code null}. */
    public SluiceException(String code, String message, @Nullable Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    /** The Connect code name. */
    public String code() {
        return code;
    }

    /** The Connect code number (0 when the name is not a known code). */
    public int codeNumber() {
        int i = CODES.indexOf(code);
        return Math.max(i, 0);
    }

    /** The Connect client's inference when an error body has no code (pug.md §1.2). */
    public static String codeForStatus(int status) {
        return switch (status) {
            case 400 -> "internal";
            case 401 -> "unauthenticated";
            case 403 -> "permission_denied";
            case 404 -> "unimplemented";
            case 429, 502, 503, 504 -> "unavailable";
            default -> "unknown";
        };
    }
}
