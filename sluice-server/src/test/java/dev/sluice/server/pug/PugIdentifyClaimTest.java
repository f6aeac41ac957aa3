package dev.sluice.server.pug;

import static dev.sluice.server.pug.PugReadsTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.sluice.pug.proto.sdk.profiles.v1.IdentifyRequest;
import dev.sluice.pug.proto.sdk.profiles.v1.IdentifyResponse;
import dev.sluice.pug.proto.shared.profiles.v1.GetByExternalIdRequest;
import dev.sluice.pug.proto.shared.profiles.v1.GetByExternalIdResponse;
import dev.sluice.pug.proto.shared.profiles.v1.GetRequest;
import dev.sluice.pug.proto.shared.profiles.v1.GetResponse;
import dev.sluice.pug.proto.shared.profiles.v1.Profile;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.store.TestDatabases;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An anonymous id already merged into one identified person is not merged again into another (PostHog's
 * rule): {@code Identify(V, anon A)} after {@code Identify(U, anon A)} leaves U whole and A with U.
 */
class PugIdentifyClaimTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aClaimedAnonymousIdIsNotMergedIntoASecondPerson(String engine) throws Exception {
        try (TestServer s = engine.equals("sqlite") ? TestServer.sqlite(dir)
                : TestServer.onDb(dir, TestDatabases.asDbUrl(TestDatabases.postgres()))) {
            String key = s.key(KeyKind.PUG_PRIVATE);
            identify(s, key, "anon-1", "", "visits", 3);
            identify(s, key, "user_u", "anon-1", "plan", 1);
            Profile u = byExternalId(s, key, "user_u");
            identify(s, key, "user_v", "anon-1", "seats", 2);

            Profile uAfter = byExternalId(s, key, "user_u");
            assertThat(uAfter.getId()).isEqualTo(u.getId());
            assertThat(uAfter.getProperties().getFieldsMap()).containsKeys("visits", "plan").doesNotContainKey("seats");
            Profile v = byExternalId(s, key, "user_v");
            assertThat(v.getId()).isNotEqualTo(u.getId());
            assertThat(v.getProperties().getFieldsMap()).containsOnlyKeys("seats");
            assertThat(ok(PugWire.unary(s, PugReadsTest.PROFILES + "Get", GetRequest.newBuilder().setId("anon-1")
                    .build(), key), GetResponse.getDefaultInstance()).getProfile().getId()).isEqualTo(u.getId());
        }
    }

    private static void identify(TestServer s, String key, String externalId, String anonymousId, String trait,
                                 double value) throws Exception {
        ok(PugWire.unary(s, PugIngestContractTest.IDENTIFY, IdentifyRequest.newBuilder().setExternalId(externalId)
                .setAnonymousId(anonymousId).setTraits(Struct.newBuilder().putFields(trait,
                        Value.newBuilder().setNumberValue(value).build())).build(), key),
                IdentifyResponse.getDefaultInstance());
    }

    private static Profile byExternalId(TestServer s, String key, String externalId) throws Exception {
        HttpResponse<byte[]> res = PugWire.unary(s, PugReadsTest.PROFILES + "GetByExternalId",
                GetByExternalIdRequest.newBuilder().setExternalId(externalId).build(), key);
        return ok(res, GetByExternalIdResponse.getDefaultInstance()).getProfile();
    }
}
