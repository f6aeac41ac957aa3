package dev.sluice.server;

import dev.sluice.server.pug.PugApi;
import dev.sluice.server.rest.RestRequests;
import dev.sluice.web.Dashboard;
import dev.sluice.server.alerts.AlertConfig;
import io.helidon.webserver.http.HttpRouting;
import java.util.List;
import java.util.Optional;

/**
 * Every route of the main port, in one place: a feature adds its line here (or to the group it belongs to).
 * Order matters only where paths overlap: Helidon takes the first match, so Pug's catch-all
 * {@code /{service}/{method}} comes after every fixed path, and the error handlers last.
 */
final class Routes {

    private Routes() {
    }

    /** Registers every route; answers the dashboard's routes (the authorization test walks them all). */
    static List<Dashboard.Route> register(HttpRouting.Builder routing, Components c,
                                          Optional<AlertConfig.Smtp> smtp) {
        IngestRoutes.register(routing, c);
        OpsRoutes.register(routing, c);
        routing.addFilter(RestRequests.filter());
        ApiRoutes.register(routing, c);
        PugApi.register(routing, c.store(), c.ingest().steps(), c.clock(), c.replica());
        List<Dashboard.Route> dashboard = Dashboard.register(routing, c.store(), c.clock(),
                DashboardHooks.create(c.store(), c.keys(), c.clock(), smtp),
                dev.sluice.query.insights.InsightEngines.replica(c.replica(), c.store()),
                dev.sluice.query.analytics.MarkedEvents.create(c.store(), Optional.of(c.replica())));
        OpsRoutes.errors(routing);
        return dashboard;
    }
}
