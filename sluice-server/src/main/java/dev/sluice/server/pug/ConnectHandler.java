package dev.sluice.server.pug;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import dev.sluice.protocol.ProjectId;
import dev.sluice.server.auth.Credential;
import dev.sluice.server.ingest.IngestSteps;
import dev.sluice.server.ingest.Refusal;
import dev.sluice.server.http.Json;
import dev.sluice.server.metrics.Metrics;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Connect protocol for Pug RPCs (pug.md §1): unary calls answer {@code application/proto} (or JSON for
 * JSON requests) and Connect JSON errors with the §1.2 status; the server-streaming call answers HTTP 200 with
 * enveloped messages and always ends with an end-of-stream envelope, which also carries every error (auth
 * included), because clients map a non-200 stream status from the status alone.
 */
final class ConnectHandler {

    /** The original server's body cap. */
    static final int MAX_BODY = 8 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ConnectHandler.class);

    private final Map<String, Rpc> rpcs;
    private final PugAuth auth;
    private final IngestSteps steps;
    private final Metrics metrics;

    ConnectHandler(Map<String, Rpc> rpcs, PugAuth auth, IngestSteps steps) {
        this.rpcs = Map.copyOf(rpcs);
        this.auth = auth;
        this.steps = steps;
        this.metrics = steps.metrics();
    }

    /**
     * Auth, then the server's per-key and per-project limits (the original's limit is unknown; these stop runaway
     * clients, and {@code resource_exhausted} is retried by the SDK). A unary answer also carries
     * {@code Retry-After} (a stream's headers are already sent).
     */
    private Credential admit(ServerRequest req, Optional<ServerResponse> unary, Rpc rpc) {
        Credential credential = auth.authenticate(req, rpc.sdk());
        try {
            steps.limit(credential);
        } catch (Refusal l) {
            unary.ifPresent(res -> res.header(HeaderNames.RETRY_AFTER, Long.toString(l.retryAfterSeconds())));
            throw new ConnectException(ConnectCode.RESOURCE_EXHAUSTED, "rate limit exceeded for this API key");
        }
        return credential;
    }

    void handle(ServerRequest req, ServerResponse res) {
        Rpc rpc = rpcs.get(req.path().path());
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (rpc != null && rpc.isStreaming() || contentType.startsWith("application/connect+")) {
            stream(rpc, contentType, req, res);
            return;
        }
        ConnectCodec codec = ConnectCodec.forUnary(contentType).orElse(null);
        try {
            if (rpc == null) {
                throw new ConnectException(ConnectCode.UNIMPLEMENTED, req.path().path() + " is not implemented");
            }
            if (codec == null) {
                res.status(Status.UNSUPPORTED_MEDIA_TYPE_415);
                res.header(HeaderNames.create("Accept-Post"), "application/proto, application/json");
                res.send();
                return;
            }
            Credential credential = admit(req, Optional.of(res), rpc);
            byte[] body = body(req);
            Message request = codec.decode(rpc.prototype(), body);
            Message response = rpc.unary().orElseThrow().call(credential.project(), request, body.length);
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, codec.unaryContentType());
            res.send(codec.encode(response));
        } catch (ConnectException e) {
            error(res, e);
        } catch (dev.sluice.store.StoreException e) {
            error(res, storeError(req, e));
        }
    }

    /**
     * A store failure in the protocol's words: a question larger than the analytics engine may answer is the
     * caller's to narrow (retrying it would fail again); anything else is an outage worth retrying.
     */
    private static ConnectException storeError(ServerRequest req, dev.sluice.store.StoreException e) {
        LOG.warn("event=pug_store_error path={} error=\"{}\"", req.path().path(), e.toString());
        if (dev.sluice.store.StoreException.classify(e) == dev.sluice.store.StoreException.Failure.TOO_LARGE) {
            return new ConnectException(ConnectCode.RESOURCE_EXHAUSTED, "this query needs more memory than the "
                    + "analytics engine may use (SLUICE_ANALYTICS_MEMORY): narrow the time range or raise the limit");
        }
        return ConnectException.unavailable("store unavailable, retry later", 1);
    }

    /** Serves an RPC for the admin REST mirror: JSON in, JSON out, project from the path. */
    void handleRest(ProjectId project, String path, ServerRequest req, ServerResponse res) {
        Rpc rpc = rpcs.get(path);
        try {
            if (rpc == null) {
                throw new ConnectException(ConnectCode.UNIMPLEMENTED, path + " is not implemented");
            }
            byte[] body = body(req);
            Message request = ConnectCodec.JSON.decode(rpc.prototype(), body);
            String json;
            if (rpc.isStreaming()) {
                StringBuilder pages = new StringBuilder("{\"pages\":[");
                rpc.streaming().orElseThrow().call(project, request, page -> pages.append(pages.charAt(pages.length() - 1) == '['
                        ? "" : ",").append(ConnectCodec.json(page)));
                json = pages.append("]}").toString();
            } else {
                json = ConnectCodec.json(rpc.unary().orElseThrow().call(project, request, body.length));
            }
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.send(json.getBytes(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            error(res, e);
        } catch (dev.sluice.store.StoreException e) {
            error(res, storeError(req, e));
        }
    }

    private byte[] body(ServerRequest req) {
        try {
            return steps.body(req, MAX_BODY);
        } catch (Refusal e) {
            throw ConnectException.body(e, "request body larger than " + MAX_BODY + " bytes");
        }
    }

    private void stream(Rpc rpc, String contentType, ServerRequest req, ServerResponse res) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, contentType.startsWith("application/connect+json")
                ? "application/connect+json" : "application/connect+proto");
        try (OutputStream out = res.outputStream()) {
            boolean json = contentType.startsWith("application/connect+json");
            try {
                if (rpc == null || !rpc.isStreaming()) {
                    throw new ConnectException(ConnectCode.UNIMPLEMENTED, req.path().path() + " is not a streaming RPC");
                }
                if (!json && !contentType.startsWith("application/connect+proto")) {
                    throw ConnectException.invalid("unsupported content-type " + contentType);
                }
                Credential credential = admit(req, Optional.empty(), rpc);
                byte[] payload = Envelopes.single(body(req));
                Message request = (json ? ConnectCodec.JSON : ConnectCodec.PROTO).decode(rpc.prototype(), payload);
                rpc.streaming().orElseThrow().call(credential.project(), request, page -> write(out, 0,
                        json ? ConnectCodec.json(page).getBytes(StandardCharsets.UTF_8) : page.toByteArray()));
                write(out, 2, "{}".getBytes(StandardCharsets.UTF_8));
            } catch (ConnectException e) {
                metrics.rejected("pug", e.code().wireName());
                ObjectNode end = Json.object();
                end.set("error", errorBody(e));
                write(out, 2, Json.MAPPER.writeValueAsBytes(end));
            } catch (RuntimeException e) {
                LOG.error("event=pug_stream_error path={} error=\"{}\"", req.path().path(), e.toString(), e);
                ObjectNode end = Json.object();
                end.putObject("error").put("code", storeTrouble(e) ? "unavailable" : "internal")
                        .put("message", storeTrouble(e) ? "store unavailable, retry later" : "internal error");
                write(out, 2, Json.MAPPER.writeValueAsBytes(end));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code {code, message, details}}; details carry a google.rpc.ErrorInfo when the error has a reason. */
    static ObjectNode errorBody(ConnectException e) {
        ObjectNode body = Json.object().put("code", e.code().wireName()).put("message", e.getMessage());
        if (!e.reason().isEmpty()) {
            body.putArray("details").addObject().put("type", "google.rpc.ErrorInfo")
                    .put("value", java.util.Base64.getEncoder().withoutPadding().encodeToString(errorInfo(e.reason())));
        }
        return body;
    }

    /** A serialised google.rpc.ErrorInfo {reason = 1, domain = 2}; the original's domain is unknown. */
    private static byte[] errorInfo(String reason) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            com.google.protobuf.CodedOutputStream coded = com.google.protobuf.CodedOutputStream.newInstance(out);
            coded.writeString(1, reason);
            coded.writeString(2, "sluice.dev");
            coded.flush();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static boolean storeTrouble(RuntimeException e) {
        return e instanceof dev.sluice.store.StoreException;
    }

    private static void write(OutputStream out, int flags, byte[] payload) {
        try {
            out.write(ByteBuffer.allocate(5).put((byte) flags).putInt(payload.length).array());
            out.write(payload);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void error(ServerResponse res, ConnectException e) {
        metrics.rejected("pug", e.code().wireName());
        LOG.debug("event=rejected protocol=pug code={} message=\"{}\"", e.code().wireName(), e.getMessage());
        if (e.code() == ConnectCode.UNAVAILABLE && !res.headers().contains(HeaderNames.RETRY_AFTER)) {
            res.header(HeaderNames.RETRY_AFTER, "1");
        }
        ObjectNode body = errorBody(e);
        res.status(Status.create(e.httpStatus()));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        if (e.code() == ConnectCode.UNAVAILABLE) {
            res.header(HeaderNames.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
        }
        try {
            res.send(Json.MAPPER.writeValueAsBytes(body));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
