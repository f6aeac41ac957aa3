package dev.sluice.web.page;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The static files under {@code /static/}: our CSS and JS plus htmx and uPlot, which the build copied out of
 * their webjars into this jar. Loaded once, gzipped once, served with a long cache life (the names carry the
 * build's version through {@link #VERSION}).
 */
final class Assets {

    private static final String ROOT = "/dev/sluice/web/static/";
    private static final List<String> FILES = List.of("app.css", "app.js", "vendor/htmx.min.js",
            "vendor/uPlot.iife.min.js", "vendor/uPlot.min.css");

    private record Asset(byte[] plain, byte[] gzip, String type) {
    }

    private final Map<String, Asset> byPath = new HashMap<>();

    Assets() {
        for (String f : FILES) {
            byte[] plain = read(ROOT + f);
            byPath.put(f, new Asset(plain, gzip(plain), f.endsWith(".css") ? "text/css; charset=utf-8"
                    : "text/javascript; charset=utf-8"));
        }
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/static/{version}/{+path}", this::serve);
    }

    /** Bytes on the wire for {@code file} when gzip is accepted (for page-weight reports). */
    int gzipSize(String file) {
        return byPath.get(file).gzip().length;
    }

    private void serve(ServerRequest req, ServerResponse res) {
        Asset a = byPath.get(req.path().pathParameters().get("path"));
        if (a == null) {
            res.status(Status.NOT_FOUND_404).send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, a.type());
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=31536000, immutable");
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.VARY, "Accept-Encoding");
        boolean gzip = req.headers().first(HeaderNames.ACCEPT_ENCODING).map(v -> v.contains("gzip")).orElse(false);
        if (gzip) {
            res.header(HeaderNames.CONTENT_ENCODING, "gzip");
            res.send(a.gzip());
        } else {
            res.send(a.plain());
        }
    }

    private static byte[] read(String resource) {
        try (InputStream in = Assets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing asset " + resource + " (the build vendors it)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
