package dev.sluice.sdk.internal;

import java.util.List;
import java.util.Map;

/** Lets tests in other packages reuse the event decoder. */
public final class PugEncoderTestAccess {
    private PugEncoderTestAccess() {}

    public static List<Map<String, Object>> decodeBatch(byte[] body) {
        return PugEncoderTest.decodeBatch(body);
    }
}
