package dev.sluice.digest;

import dev.sluice.protocol.ErrorItem;
import dev.sluice.protocol.JobError;
import dev.sluice.protocol.JobEventItem;
import java.util.Optional;

/**
 * Turns a failed job attempt into an {@link ErrorItem}, so job failures group into the same issues (rule 1)
 * and show in the same issues API as every other error. Frames parsed from the stack-trace text take part
 * in the fingerprint as Open Sentry's frames do ({@link StackTraces}).
 */
final class JobErrors {

    private JobErrors() {
    }

    static ErrorItem toErrorItem(JobEventItem e, JobError error) {
        StringBuilder detail = new StringBuilder("{\"source\":\"tracestax\",\"exception\":{\"type\":")
                .append(JsonText.quote(error.type())).append(",\"value\":").append(JsonText.quote(error.message().orElse("")));
        error.stackTrace().ifPresent(s -> detail.append(",\"stack_trace\":").append(JsonText.quote(s)));
        detail.append("},\"job\":{\"task_name\":").append(JsonText.quote(e.taskName()))
                .append(",\"task_id\":").append(JsonText.quote(e.taskId()))
                .append(",\"queue\":").append(JsonText.quote(e.queue()))
                .append(",\"status\":").append(JsonText.quote(e.status()))
                .append(",\"attempt\":").append(e.attempt())
                .append(",\"framework\":").append(JsonText.quote(e.framework()))
                .append(",\"language\":").append(JsonText.quote(e.language()))
                .append(",\"worker\":").append(JsonText.quote(e.worker().key())).append("}}");
        return new ErrorItem(Optional.of(error.type()), error.message(), Optional.empty(), Optional.of("error"),
                StackTraces.frames(error.stackTrace()), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), detail.toString());
    }
}
