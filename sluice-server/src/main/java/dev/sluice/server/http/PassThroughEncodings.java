package dev.sluice.server.http;

import io.helidon.http.Headers;
import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.http.encoding.ContentEncodingContextConfig;
import java.util.NoSuchElementException;

/**
 * Tells Helidon that every request {@code Content-Encoding} is acceptable and leaves the body untouched.
 * Helidon's own context refuses any encoding it has no decoder for with an empty 400 (even {@code identity})
 * before a handler runs, and its decoders would inflate without a size cap. {@link BodyReader} decodes instead,
 * counting the decompressed bytes, and answers 415 in each protocol's shape. Responses are never compressed.
 */
final class PassThroughEncodings implements ContentEncodingContext {

    @Override
    public ContentEncodingContextConfig prototype() {
        return ContentEncodingContextConfig.builder().contentEncodingsDiscoverServices(false).buildPrototype();
    }

    @Override
    public boolean contentEncodingEnabled() {
        return false;
    }

    @Override
    public boolean contentDecodingEnabled() {
        return true;
    }

    @Override
    public boolean contentEncodingSupported(String encodingId) {
        return false;
    }

    @Override
    public boolean contentDecodingSupported(String encodingId) {
        return true;
    }

    @Override
    public ContentEncoder encoder(String encodingId) throws NoSuchElementException {
        throw new NoSuchElementException("responses are not compressed");
    }

    @Override
    public ContentDecoder decoder(String encodingId) {
        return ContentDecoder.NO_OP;
    }

    @Override
    public ContentEncoder encoder(Headers headers) {
        return ContentEncoder.NO_OP;
    }
}
