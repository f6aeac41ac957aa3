package dev.sluice.server.ingest;

import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;
import io.helidon.http.encoding.ContentEncodingContext;
import java.util.Set;

/**
 * Lets compressed request bodies reach the handlers. Helidon answers an empty 400 to any request with a
 * {@code Content-Encoding} it has no decoder for — which is every gzip'd Sentry envelope and OTLP export.
 * This context declares gzip and deflate but passes the bytes through unchanged, so that the pipeline
 * decompresses them itself, counting the decompressed bytes against the protocol's limit (Helidon's decoders
 * have no limit). Responses stay uncompressed, as before.
 */
public final class RequestEncodings {

    private RequestEncodings() {
    }

    /** The context to give the web server. */
    public static ContentEncodingContext passThrough() {
        return ContentEncodingContext.builder().contentEncodingsDiscoverServices(false)
                .addContentEncoding(new PassThrough()).build();
    }

    private static final class PassThrough implements ContentEncoding {

        @Override
        public Set<String> ids() {
            // br and zstd too, so that the protocol answers its own 415 instead of Helidon's empty 400.
            return Set.of("gzip", "x-gzip", "deflate", "br", "zstd");
        }

        @Override
        public boolean supportsEncoding() {
            return false;
        }

        @Override
        public boolean supportsDecoding() {
            return true;
        }

        @Override
        public ContentDecoder decoder() {
            return ContentDecoder.NO_OP;
        }

        @Override
        public ContentEncoder encoder() {
            return ContentEncoder.NO_OP;
        }

        @Override
        public String name() {
            return "sluice-pass-through";
        }

        @Override
        public String type() {
            return "sluice-pass-through";
        }
    }
}
