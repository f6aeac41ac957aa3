package dev.sluice.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes pre-built requests unique per send: every occurrence of {@link #MARKER} is overwritten with a
 * 9-character base-36 stamp (client index and sequence). Protocols that dedupe resent events (TraceStax:
 * task id + status + worker + attempt) would otherwise measure the duplicate path after the first lap.
 */
final class UniqueStamp {

    /** Nine bytes that never occur in real payloads. */
    static final String MARKER = "#########";
    private static final byte[] MARK = MARKER.getBytes(StandardCharsets.US_ASCII);
    private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private UniqueStamp() {
    }

    /** Offsets of the marker in {@code request}; empty when it has none. */
    static int[] positions(byte[] request) {
        List<Integer> found = new ArrayList<>();
        outer:
        for (int i = 0; i + MARK.length <= request.length; i++) {
            for (int j = 0; j < MARK.length; j++) {
                if (request[i + j] != MARK[j]) {
                    continue outer;
                }
            }
            found.add(i);
            i += MARK.length - 1;
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A copy of {@code request} with stamp {@code client * 10^10 + sequence} at {@code positions}. */
    static byte[] stamp(byte[] request, int[] positions, int client, long sequence) {
        if (positions.length == 0) {
            return request;
        }
        byte[] copy = request.clone();
        long value = client * 10_000_000_000L + sequence;
        byte[] text = new byte[MARK.length];
        for (int i = MARK.length - 1; i >= 0; i--) {
            text[i] = (byte) DIGITS[(int) (value % 36)];
            value /= 36;
        }
        for (int p : positions) {
            System.arraycopy(text, 0, copy, p, text.length);
        }
        return copy;
    }
}
