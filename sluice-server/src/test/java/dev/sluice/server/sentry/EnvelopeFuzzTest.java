package dev.sluice.server.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.server.ingest.Refusal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The envelope decoder on hostile input. Jazzer (coverage-guided) under {@code JAZZER_FUZZ=1}; under a plain
 * build it replays the seeds in {@code EnvelopeFuzzTestInputs}. Plus a seeded-random test that mutates valid
 * envelopes byte by byte. The property: any bytes decode or are refused as INVALID / TOO_LARGE — nothing else
 * escapes (a client never gets a 500).
 */
class EnvelopeFuzzTest {

    private static final long SEED = 20261130L;
    private static final String JSONISH = "{}[]\":,\n0123456789-e.";

    @FuzzTest(maxDuration = "30s")
    void anyBytesDecodeOrAreRefusedCleanly(FuzzedDataProvider data) {
        boolean store = data.consumeBoolean();
        decodeOrRefuse(data.consumeRemainingAsBytes(), store);
    }

    @Test
    void mutatedEnvelopesDecodeOrAreRefusedCleanly() {
        Random random = new Random(SEED);
        String[] seeds = {
            SentryContractTest.envelope("{\"event_id\":\"" + "a".repeat(32) + "\"}",
                    SentryContractTest.eventItem("a".repeat(32), true),
                    "{\"type\":\"transaction\"}\n{\"transaction\":\"GET /\",\"start_timestamp\":1.5,\"timestamp\":"
                            + "\"2026-01-01T00:00:02Z\",\"contexts\":{\"trace\":{\"trace_id\":\"t\",\"status\":\"ok\"}},"
                            + "\"spans\":[{\"span_id\":\"s\",\"op\":\"db\",\"start_timestamp\":1,\"timestamp\":2}]}",
                    "{\"type\":\"attachment\",\"length\":4}\nabcd",
                    "{\"type\":\"client_report\"}\n{\"discarded_events\":[{\"reason\":\"r\",\"quantity\":1}]}"),
            SentryContractTest.envelope("{}", SentryContractTest.eventItem("b".repeat(32), false)),
        };
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] b = seeds[random.nextInt(seeds.length)].getBytes(StandardCharsets.UTF_8);
            int edits = 1 + random.nextInt(8);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(b.length);
                switch (random.nextInt(4)) {
                    case 0 -> b[at] = (byte) random.nextInt(256);
                    case 1 -> b[at] = (byte) JSONISH.charAt(random.nextInt(JSONISH.length()));
                    case 2 -> b = java.util.Arrays.copyOf(b, at);
                    default -> b[at] = '\n';
                }
                if (b.length == 0) {
                    break;
                }
            }
            if (decodeOrRefuse(b, random.nextInt(10) == 0)) {
                decoded++;
            }
        }
        // Mutations are small: many envelopes still decode (else this test would only exercise refusals).
        assertThat(decoded).isGreaterThan(1000);
    }

    private static boolean decodeOrRefuse(byte[] body, boolean store) {
        try {
            SentryRequest r = store ? SentryDecoder.store(body) : SentryDecoder.envelope(body);
            assertThat(r.items()).isNotNull();
            return true;
        } catch (Refusal expected) {
            assertThat(expected.reason()).isIn(Refusal.Reason.INVALID, Refusal.Reason.TOO_LARGE);
            return false;
        }
    }
}
