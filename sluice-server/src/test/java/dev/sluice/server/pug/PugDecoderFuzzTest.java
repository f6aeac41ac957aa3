package dev.sluice.server.pug;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.Message;
import dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest;
import dev.sluice.pug.proto.sdk.profiles.v1.IdentifyRequest;
import dev.sluice.pug.proto.shared.insights.v1.QueryRequest;
import dev.sluice.pug.proto.shared.profiles.v1.ListRequest;

/**
 * Coverage-guided fuzzing (Jazzer; replays the seed corpus under plain {@code ./mvnw verify}, fuzzes with
 * {@code JAZZER_FUZZ=1}) of the Pug decoders and validators, in both codecs. Property: any bytes either become
 * a request whose rules pass, or are refused with {@code invalid_argument}; nothing else escapes (an escaping
 * exception would be a 500 on the wire).
 */
class PugDecoderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBodyIsDecodedAndValidatedOrRefusedCleanly(FuzzedDataProvider data) {
        int which = data.consumeInt(0, 3);
        ConnectCodec codec = data.consumeBoolean() ? ConnectCodec.PROTO : ConnectCodec.JSON;
        byte[] body = data.consumeRemainingAsBytes();
        try {
            switch (which) {
                case 0 -> EventValidator.validate((BatchCreateRequest) codec.decode(BatchCreateRequest.getDefaultInstance(), body))
                        .forEach(item -> item.timestamp());
                case 1 -> IdentifyValidator.validate((IdentifyRequest) codec.decode(IdentifyRequest.getDefaultInstance(), body));
                case 2 -> InsightValidator.query((QueryRequest) codec.decode(QueryRequest.getDefaultInstance(), body));
                default -> {
                    ListRequest list = (ListRequest) codec.decode(ListRequest.getDefaultInstance(), body);
                    list.getFilterGroupsList().forEach(g -> g.getFiltersList().forEach(f -> PropertyFilters.validate(f, "f")));
                }
            }
        } catch (ConnectException e) {
            if (e.code() != ConnectCode.INVALID_ARGUMENT || e.getMessage().isEmpty()) {
                throw new AssertionError("unexpected refusal " + e.code() + ": " + e.getMessage());
            }
        }
    }

    /** Envelope parsing of streaming requests: a payload or invalid_argument. */
    @FuzzTest(maxDuration = "20s")
    void anyStreamBodyIsUnwrappedOrRefused(FuzzedDataProvider data) {
        try {
            byte[] payload = Envelopes.single(data.consumeRemainingAsBytes());
            Message decoded = ConnectCodec.PROTO.decode(ListRequest.getDefaultInstance(), payload);
            // What was accepted must survive a round trip unchanged (unknown fields included).
            Message again = ConnectCodec.PROTO.decode(ListRequest.getDefaultInstance(), ConnectCodec.PROTO.encode(decoded));
            if (!again.equals(decoded)) {
                throw new AssertionError("round trip changed the message: " + decoded + " -> " + again);
            }
        } catch (ConnectException e) {
            if (e.code() != ConnectCode.INVALID_ARGUMENT) {
                throw new AssertionError("unexpected refusal " + e.code());
            }
        }
    }
}
