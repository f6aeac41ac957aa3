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
                .append(quote(error.type())).append(",\"value\":").append(quote(error.message().orElse("")));
        error.stackTrace().ifPresent(s -> detail.append(",\"stack_trace\":").append(quote(s)));
        detail.append("},\"job\":{\"task_name\":").append(quote(e.taskName()))
                .append(",\"task_id\":").append(quote(e.taskId()))
                .append(",\"queue\":").append(quote(e.queue()))
                .append(",\"status\":").append(quote(e.status()))
                .append(",\"attempt\":").append(e.attempt())
                .append(",\"framework\":").append(quote(e.framework()))
                .append(",\"language\":").append(quote(e.language()))
                .append(",\"worker\":").append(quote(e.worker().key())).append("}}");
        return new ErrorItem(Optional.of(error.type()), error.message(), Optional.empty(), Optional.of("error"),
                StackTraces.frames(error.stackTrace()), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), detail.toString());
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
