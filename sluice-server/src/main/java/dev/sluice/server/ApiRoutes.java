package dev.sluice.server;

import dev.sluice.server.rest.AdminApi;
import dev.sluice.server.rest.AlertApi;
import dev.sluice.server.rest.GroupingApi;
import dev.sluice.server.rest.JobApi;
import dev.sluice.server.rest.LogApi;
import dev.sluice.server.rest.MonitorApi;
import dev.sluice.server.rest.ReadApi;
import dev.sluice.server.rest.ReleaseApi;
import dev.sluice.server.rest.RetentionApi;
import dev.sluice.server.rest.TaskApi;
import io.helidon.webserver.http.HttpRouting;

/** The REST API under {@code /api/}: administration and reads. */
final class ApiRoutes {

    private ApiRoutes() {
    }

    static void register(HttpRouting.Builder routing, Components c) {
        AdminApi.register(routing, c.store(), c.keys(), c.clock());
        TaskApi.register(routing, c.store(), c.taskSettings(), c.clock());
        ReadApi.register(routing, c.store(), c.clock());
        AlertApi.register(routing, c.store(), c.clock());
        RetentionApi.register(routing, c.store());
        GroupingApi.register(routing, c.store(), c.clock());
        LogApi.register(routing, c.store(), c.clock());
        dev.sluice.server.rest.AttachmentApi.register(routing, c.store());
        MonitorApi.register(routing, c.store());
        ReleaseApi.register(routing, c.store(), c.clock());
        JobApi.register(routing, c.store(), c.jobSettings(), c.clock());
    }
}
