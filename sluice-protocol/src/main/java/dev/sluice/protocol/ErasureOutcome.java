package dev.sluice.protocol;

import java.util.List;

/**
 * What an {@link ErasureItem}'s commit removed: the edge answers with it, and drops the same distinct ids from
 * its node's analytics replica before it reports the request completed.
 *
 * @param profileId the profile removed; empty when the person had none
 * @param eventsIdentified the person's events found (and erased) in the row store
 * @param distinctIds the external id and every alias of the profile, whose events were erased
 */
public record ErasureOutcome(String requestId, String profileId, long eventsIdentified, List<String> distinctIds,
                             long completedAtMillis) implements ItemOutcome {

    public ErasureOutcome {
        distinctIds = List.copyOf(distinctIds);
    }
}
