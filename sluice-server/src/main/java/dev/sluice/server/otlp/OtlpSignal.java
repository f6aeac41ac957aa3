package dev.sluice.server.otlp;

import dev.sluice.server.ingest.Refusal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.List;
import java.util.Set;

/** The OTLP signals: their path and how an export of each decodes. */
enum OtlpSignal {
    TRACES("/v1/traces") {
        @Override
        OtlpRequest decode(byte[] body, OtlpCodec.Format format) throws Refusal {
            ExportTraceServiceRequest req = OtlpCodec.parse(body, format, ExportTraceServiceRequest.newBuilder()).build();
            OtlpSpans.Decoded d = OtlpSpans.decode(req);
            ExportTraceServiceResponse.Builder res = ExportTraceServiceResponse.newBuilder();
            if (d.rejected() > 0) {
                res.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(d.rejected())
                        .setErrorMessage(d.rejectionMessage()));
            }
            return new OtlpRequest(d.items(), Set.of("span"), format, res.build());
        }
    },
    LOGS("/v1/logs") {
        @Override
        OtlpRequest decode(byte[] body, OtlpCodec.Format format) throws Refusal {
            ExportLogsServiceRequest req = OtlpCodec.parse(body, format, ExportLogsServiceRequest.newBuilder()).build();
            return new OtlpRequest(OtlpLogs.decode(req), Set.of("log_item"), format,
                    ExportLogsServiceResponse.getDefaultInstance());
        }
    },
    METRICS("/v1/metrics") {
        @Override
        OtlpRequest decode(byte[] body, OtlpCodec.Format format) throws Refusal {
            ExportMetricsServiceRequest req = OtlpCodec.parse(body, format, ExportMetricsServiceRequest.newBuilder())
                    .build();
            long points = 0;
            for (ResourceMetrics rm : req.getResourceMetricsList()) {
                for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                    for (Metric m : sm.getMetricsList()) {
                        points += m.getGauge().getDataPointsCount() + m.getSum().getDataPointsCount()
                                + m.getHistogram().getDataPointsCount()
                                + m.getExponentialHistogram().getDataPointsCount()
                                + m.getSummary().getDataPointsCount();
                    }
                }
            }
            ExportMetricsServiceResponse.Builder res = ExportMetricsServiceResponse.newBuilder();
            if (points > 0) {
                // Said plainly, per the OTLP spec's partial success: nothing is stored, so nothing is retried.
                res.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder().setRejectedDataPoints(points)
                        .setErrorMessage("Sluice does not store metrics; send traces and logs"));
            }
            return new OtlpRequest(List.of(), Set.of("metric"), format, res.build());
        }
    };

    private final String path;

    OtlpSignal(String path) {
        this.path = path;
    }

    String path() {
        return path;
    }

    abstract OtlpRequest decode(byte[] body, OtlpCodec.Format format) throws Refusal;
}
