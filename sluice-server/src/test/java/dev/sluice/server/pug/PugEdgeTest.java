package dev.sluice.server.pug;

import static dev.sluice.server.pug.PugIngestContractTest.BATCH;
import static dev.sluice.server.pug.PugIngestContractTest.IDENTIFY;
import static dev.sluice.server.pug.PugIngestContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.sluice.pug.proto.sdk.events.v1.BatchCreateRequest;
import dev.sluice.pug.proto.sdk.events.v1.BatchCreateResponse;
import dev.sluice.pug.proto.sdk.profiles.v1.IdentifyRequest;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client mistakes and compressed bodies on Pug's Connect routes: 4xx in Connect's shape, never a 5xx. */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class PugEdgeTest {

    @TempDir
    Path dir;
    TestServer s;

    @BeforeEach
    void start(StoreKind kind) {
        s = kind.start(dir);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void nonFiniteTraitsAreInvalidArgumentNotA500() throws Exception {
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            IdentifyRequest top = IdentifyRequest.newBuilder().setExternalId("user_nan")
                    .setTraits(Struct.newBuilder().putFields("score", Value.newBuilder().setNumberValue(bad).build()))
                    .build();
            assertError(PugWire.unary(s, IDENTIFY, top, prv()), 400, "invalid_argument", null);
            Value nested = Value.newBuilder().setListValue(ListValue.newBuilder()
                    .addValues(Value.newBuilder().setNumberValue(bad))).build();
            IdentifyRequest deep = IdentifyRequest.newBuilder().setExternalId("user_nan")
                    .setTraits(Struct.newBuilder().putFields("scores", nested)).build();
            assertError(PugWire.unary(s, IDENTIFY, deep, prv()), 400, "invalid_argument", null);
        }
    }

    @Test
    void deeplyNestedJsonIsInvalidArgument() throws Exception {
        String deep = "{\"external_id\":\"user_deep\",\"traits\":{\"a\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}}";
        for (int i = 0; i < 5; i++) {
            HttpResponse<byte[]> res = PugWire.call(s, IDENTIFY, deep.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json", "x-api-key", prv()));
            assertError(res, 400, "invalid_argument", null);
        }
    }

    @Test
    void gzipAndDeflateBodiesAreAcceptedAndOtherEncodingsRefusedInConnectShape() throws Exception {
        byte[] raw = BatchCreateRequest.newBuilder().addEvents(PugWire.event("user_1", "signup", 1_700_000_000_000L))
                .build().toByteArray();
        for (String encoding : new String[] {"gzip", "deflate", "identity"}) {
            byte[] body = switch (encoding) {
                case "gzip" -> compress(raw, true);
                case "deflate" -> compress(raw, false);
                default -> raw;
            };
            HttpResponse<byte[]> res = PugWire.call(s, BATCH, body, Map.of("Content-Type", "application/proto",
                    "Content-Encoding", encoding, "x-api-key", prv()));
            assertThat(res.statusCode()).as(encoding).isEqualTo(200);
            assertThat(BatchCreateResponse.parseFrom(res.body()).getAccepted()).isEqualTo(1);
        }
        HttpResponse<byte[]> zstd = PugWire.call(s, BATCH, raw, Map.of("Content-Type", "application/proto",
                "Content-Encoding", "zstd", "x-api-key", prv()));
        assertError(zstd, 415, "unimplemented", null);
    }

    private String prv() {
        return s.key(KeyKind.PUG_PRIVATE);
    }

    private static byte[] compress(byte[] raw, boolean gzip) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream o = gzip ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
            o.write(raw);
        }
        return out.toByteArray();
    }
}
