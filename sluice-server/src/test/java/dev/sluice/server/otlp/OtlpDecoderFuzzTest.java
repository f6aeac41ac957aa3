package dev.sluice.server.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.protocol.Item;
import dev.sluice.server.ingest.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The OTLP decoders (traces, logs and metrics; protobuf and JSON) on hostile input. Jazzer (coverage-guided)
 * under {@code JAZZER_FUZZ=1}; under a plain build it replays the seeds in {@code OtlpDecoderFuzzTestInputs}
 * (a seed is the body followed by two bytes: the format, then the signal, each taken modulo its count). Plus a
 * seeded-random test that mutates valid exports byte by byte. The property: any bytes decode into items and an
 * answer that can be written back, or are refused as INVALID — nothing else escapes (a client never gets a 500).
 */
class OtlpDecoderFuzzTest {

    private static final long SEED = 20261130L;
    private static final String JSONISH = "{}[]\":,\n0123456789abcdef-e.";

    @FuzzTest(maxDuration = "60s")
    void anyExportDecodesOrIsRefusedCleanly(FuzzedDataProvider data) {
        OtlpSignal signal = data.pickValue(OtlpSignal.values());
        OtlpCodec.Format format = data.pickValue(OtlpCodec.Format.values());
        decodeOrRefuse(signal, format, data.consumeRemainingAsBytes());
    }

    @Test
    void mutatedExportsDecodeOrAreRefusedCleanly() {
        Random random = new Random(SEED);
        byte[][] seeds = {
            OtlpSamples.tracesJson().getBytes(StandardCharsets.UTF_8),
            OtlpSamples.logsJson().getBytes(StandardCharsets.UTF_8),
            OtlpSamples.tracesProto(),
            OtlpSamples.logsProto(),
        };
        OtlpSignal[] signals = {OtlpSignal.TRACES, OtlpSignal.LOGS, OtlpSignal.TRACES, OtlpSignal.LOGS};
        OtlpCodec.Format[] formats = {OtlpCodec.Format.JSON, OtlpCodec.Format.JSON, OtlpCodec.Format.PROTOBUF,
            OtlpCodec.Format.PROTOBUF};
        int decodedWithItems = 0;
        for (int i = 0; i < 20_000; i++) {
            int pick = random.nextInt(seeds.length);
            byte[] b = seeds[pick].clone();
            int edits = 1 + random.nextInt(6);
            for (int e = 0; e < edits && b.length > 0; e++) {
                int at = random.nextInt(b.length);
                switch (random.nextInt(4)) {
                    case 0 -> b[at] = (byte) random.nextInt(256);
                    case 1 -> b[at] = (byte) JSONISH.charAt(random.nextInt(JSONISH.length()));
                    case 2 -> b = Arrays.copyOf(b, at);
                    default -> b[at] = 0;
                }
            }
            if (decodeOrRefuse(signals[pick], formats[pick], b) > 0) {
                decodedWithItems++;
            }
        }
        // Mutations are small: many exports still decode into items (else only refusals would be exercised).
        assertThat(decodedWithItems).isGreaterThan(1000);
    }

    @Test
    void theSamplesDecodeIntoItems() throws Refusal {
        assertThat(OtlpSignal.TRACES.decode(OtlpSamples.tracesProto(), OtlpCodec.Format.PROTOBUF).items()).isNotEmpty();
        assertThat(OtlpSignal.LOGS.decode(OtlpSamples.logsProto(), OtlpCodec.Format.PROTOBUF).items()).hasSize(2);
        assertThat(OtlpSignal.TRACES.decode(OtlpSamples.tracesJson().getBytes(StandardCharsets.UTF_8),
                OtlpCodec.Format.JSON).items()).isNotEmpty();
        assertThat(OtlpSignal.LOGS.decode(OtlpSamples.logsJson().getBytes(StandardCharsets.UTF_8),
                OtlpCodec.Format.JSON).items()).hasSize(2);
    }

    /** Decodes or refuses; answers the number of items decoded. */
    private static int decodeOrRefuse(OtlpSignal signal, OtlpCodec.Format format, byte[] body) {
        try {
            OtlpRequest r = signal.decode(body, format);
            for (Item item : r.items()) {
                assertThat(item).isNotNull();
            }
            // The answer (with its partial success) must be writable in the request's format.
            assertThat(OtlpCodec.write(r.response(), format)).isNotNull();
            return r.items().size();
        } catch (Refusal expected) {
            assertThat(expected.reason()).isEqualTo(Refusal.Reason.INVALID);
            return 0;
        }
    }
}
