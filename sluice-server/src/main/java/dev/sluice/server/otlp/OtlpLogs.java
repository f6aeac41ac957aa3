package dev.sluice.server.otlp;

import dev.sluice.protocol.Item;
import dev.sluice.protocol.LogItem;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** OTLP log records as Sluice log items, keeping the trace and span ids that link them to their trace. */
final class OtlpLogs {

    static final int MAX_BODY_CHARS = 32_768;

    private OtlpLogs() {
    }

    static List<Item> decode(ExportLogsServiceRequest request) {
        List<Item> items = new ArrayList<>();
        for (ResourceLogs rl : request.getResourceLogsList()) {
            Attrs resource = Attrs.of(rl.getResource().getAttributesList());
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (LogRecord r : sl.getLogRecordsList()) {
                    Attrs attrs = resource.with(Attrs.of(r.getAttributesList()));
                    long at = r.getTimeUnixNano() > 0 ? r.getTimeUnixNano() : r.getObservedTimeUnixNano();
                    String body = Attrs.render(r.getBody());
                    items.add(new LogItem(at > 0 ? Optional.of(OtlpSpans.iso(at)) : Optional.empty(),
                            r.getSeverityNumberValue(), severityText(r),
                            body.length() > MAX_BODY_CHARS ? body.substring(0, MAX_BODY_CHARS) : body,
                            r.getTraceId().size() == 16 ? Optional.of(OtlpSpans.hex(r.getTraceId().toByteArray()))
                                    : Optional.empty(),
                            r.getSpanId().size() == 8 ? Optional.of(OtlpSpans.hex(r.getSpanId().toByteArray()))
                                    : Optional.empty(),
                            attrs.text("service.name"),
                            attrs.text("deployment.environment.name").or(() -> attrs.text("deployment.environment")),
                            attrs.text("service.version"), attrs.toJson().toString()));
                }
            }
        }
        return items;
    }

    /** The sender's text, else OpenTelemetry's short name for the number's range. */
    static String severityText(LogRecord r) {
        if (!r.getSeverityText().isEmpty()) {
            return r.getSeverityText();
        }
        int n = r.getSeverityNumberValue();
        return n <= 0 ? "UNSPECIFIED" : n <= 4 ? "TRACE" : n <= 8 ? "DEBUG" : n <= 12 ? "INFO" : n <= 16 ? "WARN"
                : n <= 20 ? "ERROR" : "FATAL";
    }
}
