package dev.sluice.sdk.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.sdk.Breadcrumb;
import dev.sluice.sdk.Sluice;
import dev.sluice.sdk.servlet.SluiceFilter;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.StoreKind;
import dev.sluice.server.TestServer;
import dev.sluice.server.auth.KeyKind;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent requests through {@link SluiceFilter} in a real servlet container (Jetty), reported to the real
 * Sluice server: each request's error carries its own user, tags and breadcrumbs and nothing of the others'.
 * With one client-wide context (before per-request scopes) the users and breadcrumbs of the requests mixed.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class ServletScopeEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = 16;

    @TempDir
    Path dir;

    /** Sets the request's user and a breadcrumb, waits until every request has done so, then fails. */
    static final class FailingServlet extends HttpServlet {
        private final Sluice sluice;
        private final CyclicBarrier together;

        FailingServlet(Sluice sluice, CyclicBarrier together) {
            this.sluice = sluice;
            this.together = together;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            String user = req.getParameter("user");
            sluice.errors().setUser(Map.of("id", user));
            sluice.errors().setTag("request.user", user);
            sluice.errors().addBreadcrumb(Breadcrumb.of("app", "loading cart of " + user));
            if (req.getParameter("together") != null) {
                try {
                    together.await(20, TimeUnit.SECONDS); // every request's scope is written before any capture
                } catch (Exception e) {
                    throw new IllegalStateException("barrier", e);
                }
            }
            throw new IllegalStateException("cart failed");
        }
    }

    @Test
    void concurrentRequestsKeepTheirOwnScope(StoreKind kind) throws Exception {
        try (TestServer server = kind.start(dir);
             Sluice sluice = Sluice.builder().endpoint(server.baseUrl()).openSentryKey(server.key(KeyKind.OPENSENTRY))
                     .closeOnShutdown(false).build()) {
            sluice.errors().globalScope().setTag("service", "shop");
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            context.addFilter(new FilterHolder(new SluiceFilter(sluice)), "/*", EnumSet.of(DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new FailingServlet(sluice, new CyclicBarrier(REQUESTS))), "/cart");
            jetty.setHandler(context);
            jetty.start();
            try {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + connector.getLocalPort();
                List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    URI uri = URI.create(base + "/cart?together&user=u" + i);
                    calls.add(http.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
                }
                for (CompletableFuture<HttpResponse<String>> c : calls) {
                    assertThat(c.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
                }
                // then one at a time, on the container's pooled threads that served the requests above
                for (int i = REQUESTS; i < 2 * REQUESTS; i++) {
                    HttpRequest one = HttpRequest.newBuilder(URI.create(base + "/cart?user=u" + i)).build();
                    assertThat(http.send(one, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(500);
                }
            } finally {
                jetty.stop();
            }
            assertThat(sluice.flush(Duration.ofSeconds(30))).isTrue();

            // Jetty's pooled and reserved threads run the servlet through different frames; they are not in-app
            // (the SDK's default excludes), so grouping by in-app frames makes one issue of the 32 failures.
            JsonNode issues = JSON.readTree(server.get("/api/projects/default/issues").body()).get("items");
            assertThat(issues).hasSize(1);
            List<JsonNode> events = new ArrayList<>();
            for (JsonNode issue : issues) {
                JSON.readTree(server.get("/api/projects/default/issues/" + issue.get("id").asText()
                        + "/events?limit=100").body()).get("items").forEach(events::add);
            }
            assertThat(events).hasSize(2 * REQUESTS);
            Set<String> users = new HashSet<>();
            for (JsonNode e : events) {
                String user = e.get("user").get("id").asText();
                users.add(user);
                assertThat(e.get("breadcrumbs")).hasSize(1);
                assertThat(e.get("breadcrumbs").get(0).get("message").asText()).isEqualTo("loading cart of " + user);
                assertThat(e.get("tags").get("request.user").asText()).isEqualTo(user);
                assertThat(e.get("tags").get("service").asText()).isEqualTo("shop"); // the global scope applies
                assertThat(e.get("tags").get("http.method").asText()).isEqualTo("GET");
            }
            assertThat(users).hasSize(2 * REQUESTS);
        }
    }
}
