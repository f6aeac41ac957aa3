package dev.sluice.server.pug;

import java.nio.ByteBuffer;

/** Connect streaming envelopes: 1 flag byte, 4-byte big-endian length, payload. */
final class Envelopes {

    private Envelopes() {
    }

    /** The payload of a request holding exactly one uncompressed data envelope. */
    static byte[] single(byte[] body) {
        if (body.length < 5) {
            throw ConnectException.invalid("request must hold one enveloped message");
        }
        ByteBuffer buf = ByteBuffer.wrap(body);
        int flags = buf.get() & 0xFF;
        long length = Integer.toUnsignedLong(buf.getInt());
        if ((flags & 0x01) != 0) {
            throw ConnectException.invalid("compressed request envelopes are not supported");
        }
        if ((flags & 0x02) != 0 || length != body.length - 5L) {
            throw ConnectException.invalid("request must hold exactly one enveloped message");
        }
        byte[] payload = new byte[(int) length];
        buf.get(payload);
        return payload;
    }
}
