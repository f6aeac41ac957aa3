package dev.sluice.server.pug;

import com.google.protobuf.Message;
import dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest;
import dev.sluice.pug.proto.sdk.events.v1.BatchCreateResponse;
import dev.sluice.pug.proto.sdk.profiles.v1.IdentifyRequest;
import dev.sluice.pug.proto.sdk.profiles.v1.IdentifyResponse;
import dev.sluice.protocol.AnalyticsEventItem;
import dev.sluice.protocol.BatchOutcome;
import dev.sluice.protocol.Item;
import dev.sluice.protocol.ProjectId;
import dev.sluice.server.ingest.IngestSteps;
import dev.sluice.server.ingest.Refusal;
import java.time.Duration;
import java.util.List;

/**
 * {@code EventsService/BatchCreate} and {@code ProfilesSDKService/Identify}: validate, append to the log and
 * answer only once the batch is committed. Log or store trouble answers {@code unavailable}, which the SDK
 * retries (with the same event ids, so the retry dedupes).
 */
final class PugIngest {

    /** Below the SDK's 10 s client deadline, so it sees our answer rather than its own timeout. */
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(9);

    private final IngestSteps steps;
    private final EventCatalog catalog = EventCatalog.shipped();

    PugIngest(IngestSteps steps) {
        this.steps = steps;
    }

    Message batchCreate(ProjectId project, Message message, int size) {
        List<AnalyticsEventItem> items = EventValidator.validate((BatchCreateRequest) message);
        // Well-known kinds that break their catalog schema are counted, not refused (see EventCatalog).
        steps.accepted("pug", "schema_mismatch", (int) items.stream()
                .filter(e -> !catalog.violations(e.kind(), e.customProperties()).isEmpty()).count());
        steps.accepted("pug", commit(project, items, size));
        // Duplicates of earlier deliveries count as accepted: the SDK resends them after a lost answer.
        return BatchCreateResponse.newBuilder().setAccepted(items.size()).setDropped(0).build();
    }

    Message identify(ProjectId project, Message message, int size) {
        commit(project, List.of(IdentifyValidator.validate((IdentifyRequest) message)), size);
        steps.accepted("pug", "identify", 1);
        return IdentifyResponse.getDefaultInstance();
    }

    private BatchOutcome commit(ProjectId project, List<? extends Item> items, int size) {
        try {
            return steps.commit(steps.batch(project, List.copyOf(items)), size, COMMIT_WAIT);
        } catch (Refusal e) {
            throw ConnectException.unavailable("ingestion is temporarily unavailable, retry later",
                    (int) e.retryAfterSeconds());
        }
    }
}
