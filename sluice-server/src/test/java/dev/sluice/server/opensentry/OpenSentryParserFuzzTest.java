package dev.sluice.server.opensentry;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of the parser (Jazzer). Under plain {@code ./mvnw verify} this replays the seed
 * corpus in {@code src/test/resources/.../OpenSentryParserFuzzTestInputs}; run it for real with
 * {@code JAZZER_FUZZ=1 ./mvnw -pl sluice-server test -Dtest=OpenSentryParserFuzzTest}. The property: any bytes
 * either parse or are refused as invalid JSON / invalid payload; nothing else escapes (no 5xx).
 */
class OpenSentryParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBytesAreParsedOrRefusedCleanly(FuzzedDataProvider data) {
        boolean withIdempotencyKey = data.consumeBoolean();
        byte[] body = data.consumeRemainingAsBytes();
        try {
            OpenSentryParser.parse(body, withIdempotencyKey ? Optional.of("k") : Optional.empty());
        } catch (OpenSentryParser.InvalidJson | InvalidPayload expected) {
            // The two refusals the protocol defines.
        }
    }
}
