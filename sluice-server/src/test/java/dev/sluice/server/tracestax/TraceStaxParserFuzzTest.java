package dev.sluice.server.tracestax;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sluice.protocol.JobEnv;

/**
 * Coverage-guided fuzzing of the TraceStax parsers (Jazzer). Under plain {@code ./mvnw verify} this replays
 * the seed corpus in {@code src/test/resources/.../TraceStaxParserFuzzTestInputs}; fuzz for real with
 * {@code JAZZER_FUZZ=1 ./mvnw -pl sluice-server test -Dtest=TraceStaxParserFuzzTest}. The property: any bytes,
 * on any endpoint, either parse or are refused as {@code invalid_json} / {@code validation_error}; nothing
 * else escapes (which the edge would turn into a 500). Jazzer takes the endpoint and environment from the
 * last two bytes of an input, so each seed is a body followed by those two bytes.
 */
class TraceStaxParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBytesAreParsedOrRefusedCleanly(FuzzedDataProvider data) {
        int endpoint = data.consumeInt(0, 4);
        JobEnv env = data.consumeBoolean() ? JobEnv.LIVE : JobEnv.TEST;
        byte[] body = data.consumeRemainingAsBytes();
        try {
            switch (endpoint) {
                case 0 -> TraceStaxParser.ingest(body, env);
                case 1 -> ItemParser.heartbeat(TraceStaxParser.object(body), env);
                case 2 -> ItemParser.snapshot(TraceStaxParser.object(body), env);
                case 3 -> ItemParser.lineage(TraceStaxParser.object(body), env);
                default -> ItemParser.dump(TraceStaxParser.object(body), env);
            }
        } catch (Invalid expected) {
            // The two refusals the protocol defines.
        }
    }
}
