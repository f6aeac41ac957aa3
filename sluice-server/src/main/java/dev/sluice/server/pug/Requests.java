package dev.sluice.server.pug;

import dev.sluice.pug.proto.common.v1.TimeRange;
import java.util.Base64;
import java.nio.charset.StandardCharsets;

/** Shared request checks of the read services: time ranges, page sizes, cursors. */
final class Requests {

    private Requests() {
    }

    /** [from, to) in millis; both required, from strictly before to. */
    static long[] timeRange(TimeRange range, String at) {
        if (!range.hasFrom() || !range.hasTo()) {
            throw ConnectException.invalid(at + ": from and to are required");
        }
        long from = EventValidator.millis(range.getFrom(), at + ".from");
        long to = EventValidator.millis(range.getTo(), at + ".to");
        if (!(from < to) && !(from == to && nanosBefore(range))) {
            throw ConnectException.invalid(at + ": from must be before to");
        }
        return new long[] {from, to};
    }

    private static boolean nanosBefore(TimeRange r) {
        return r.getFrom().getSeconds() < r.getTo().getSeconds()
                || r.getFrom().getSeconds() == r.getTo().getSeconds() && r.getFrom().getNanos() < r.getTo().getNanos();
    }

    /** 0 = the default 100; at most 1000. */
    static int pageSize(int requested, String at) {
        if (requested < 0 || requested > 1000) {
            throw ConnectException.invalid(at + ": must be between 0 and 1000");
        }
        return requested == 0 ? 100 : requested;
    }

    static String cursor(long sort, String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((sort + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** {sort, id} of a cursor; a malformed one is {@code invalid_argument}. */
    static Object[] decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int colon = text.indexOf(':');
            return new Object[] {Long.parseLong(text.substring(0, colon)), text.substring(colon + 1)};
        } catch (RuntimeException e) {
            throw ConnectException.invalid("invalid page_token");
        }
    }
}
