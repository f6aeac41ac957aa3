package dev.sluice.protocol;

import java.util.Optional;

/**
 * A data-subject erasure (Pug {@code ProfilesService.DeleteDataSubject} / {@code Delete}), logged like any
 * other item so the digest applies it inside a commit, in order with the person's events: an event committed
 * before it is erased with the person, and the request is answered only once its commit is durable.
 *
 * @param requestId the compliance request id answered to the client and recorded with the erasure
 * @param externalId the person's external id; always erased, with every distinct id aliased to the profile
 * @param profileId the profile to remove, or empty to resolve the live profile of {@code externalId} inside
 *     the commit
 */
public record ErasureItem(String requestId, String externalId, String profileId) implements Item {

    /** Request ids are server-made and unique: there is no client retry identity to dedupe on. */
    @Override
    public Optional<String> dedupeKey() {
        return Optional.empty();
    }

    @Override
    public Optional<String> timestamp() {
        return Optional.empty();
    }
}
