package dev.sluice.server.tailpoint;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.server.http.Json;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of the Tailpoint DTO rules (Jazzer; replays the seed corpus under plain
 * {@code ./mvnw verify}, fuzzes with {@code JAZZER_FUZZ=1}). Property: any JSON either becomes a task item or
 * is refused with violation texts; nothing else escapes.
 */
class TailpointParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyJsonIsParsedOrRefusedCleanly(FuzzedDataProvider data) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(data.consumeRemainingAsBytes());
        } catch (IOException e) {
            return; // the body parser refuses it before the DTO rules run
        }
        try {
            TailpointParser.parse(root == null ? Json.object() : root, "key-1");
        } catch (TailpointParser.Invalid expected) {
            if (expected.details.isEmpty()) {
                throw new AssertionError("a refusal must say why");
            }
        }
    }
}
