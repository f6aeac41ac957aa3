package dev.sluice.sdk;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A delivery failure handed to the {@link ErrorHandler} together with the items it concerns.
 *
 * @param family  the protocol family
 * @param reason  why the items were dropped
 * @param message human-readable detail (server message, validation failure, …)
 * @param status  the last HTTP status, when there was one
 * @param cause   the last exception, when there was one
 */
public record SluiceError(Family family, DropReason reason, String message, OptionalInt status,
                          Optional<Throwable> cause) {

    /** An error without HTTP status or cause. */
    public static SluiceError of(Family family, DropReason reason, String message) {
        return new SluiceError(family, reason, message, OptionalInt.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return family + " " + reason + ": " + message + status.stream().mapToObj(s -> " (HTTP " + s + ")")
                .findFirst().orElse("");
    }
}
