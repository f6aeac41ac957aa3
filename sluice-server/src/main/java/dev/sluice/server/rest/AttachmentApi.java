package dev.sluice.server.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sluice.protocol.ProjectId;
import dev.sluice.query.AttachmentQueries;
import dev.sluice.server.http.Json;
import dev.sluice.store.AttachmentWrites;
import dev.sluice.store.Store;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Instant;
import java.util.Optional;

/**
 * Event attachments (Sentry {@code attachment} items): {@code GET /api/projects/{p}/events/{eventId}/attachments}
 * lists an event's files (by the SDK's event id); {@code GET /api/projects/{p}/attachments/{id}} answers one
 * file's bytes as a download; {@code GET/PUT /api/projects/{p}/attachment-quota} reads and sets the project's
 * quota of stored attachment bytes ({@code {"maxBytes":N}}, 0: none; GET adds {@code usedBytes}).
 */
public final class AttachmentApi {

    private final AttachmentQueries attachments;
    private final ApiSupport support;
    private final Store store;

    private AttachmentApi(Store store) {
        this.store = store;
        this.attachments = AttachmentQueries.create(store);
        this.support = new ApiSupport(store);
    }

    /** Registers the routes. */
    public static void register(HttpRouting.Builder routing, Store store) {
        AttachmentApi api = new AttachmentApi(store);
        routing.get("/api/projects/{project}/events/{eventId}/attachments", api.support.scoped(api::list))
                .get("/api/projects/{project}/attachments/{id}", api.support.scoped(api::download))
                .get("/api/projects/{project}/attachment-quota", api.support.scoped(api::quota))
                .put("/api/projects/{project}/attachment-quota", api.support.scoped(api::setQuota));
    }

    private void list(ProjectId project, ServerRequest req, ServerResponse res) {
        String eventId = req.path().pathParameters().get("eventId").replace("-", "").toLowerCase(java.util.Locale.ROOT);
        ArrayNode items = Json.MAPPER.createArrayNode();
        for (AttachmentQueries.AttachmentView a : attachments.forEvent(project, eventId)) {
            items.addObject().put("id", a.id()).put("eventId", a.eventId()).put("filename", a.filename())
                    .put("contentType", a.contentType()).put("attachmentType", a.attachmentType())
                    .put("size", a.size()).put("receivedAt", Instant.ofEpochMilli(a.receivedAt()).toString());
        }
        Json.send(res, Status.OK_200, ApiSupport.list(items));
    }

    private void download(ProjectId project, ServerRequest req, ServerResponse res) {
        Optional<AttachmentQueries.Content> content = attachments.content(project, req.path().pathParameters().get("id"));
        if (content.isEmpty()) {
            Json.error(res, Status.NOT_FOUND_404, "unknown attachment");
            return;
        }
        // Served as a download, never rendered: the bytes are whatever a client sent.
        res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\""
                + content.get().filename().replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
        res.status(Status.OK_200).send(content.get().data());
    }

    private void quota(ProjectId project, ServerRequest req, ServerResponse res) {
        AttachmentWrites.Quota q = attachments.quota(project);
        Json.send(res, Status.OK_200, Json.object().put("maxBytes", q.maxBytes()).put("usedBytes", q.usedBytes()));
    }

    private void setQuota(ProjectId project, ServerRequest req, ServerResponse res) {
        JsonNode max = ApiSupport.jsonBody(req).path("maxBytes");
        if (!max.canConvertToExactIntegral() || max.asLong() < 0) {
            throw new IllegalArgumentException("maxBytes must be a whole number of bytes, 0 for no quota");
        }
        store.write(tx -> {
            tx.attachments().setMaxBytes(project, max.asLong());
            return null;
        });
        quota(project, req, res);
    }
}
