package dev.sluice.server.otlp;

import com.google.protobuf.Message;
import dev.sluice.protocol.Item;
import dev.sluice.server.ingest.Admitted;
import java.util.List;
import java.util.Set;

/**
 * A decoded export.
 *
 * @param response the export response to send after the commit ({@code partial_success} set when anything
 *     was refused)
 */
record OtlpRequest(List<Item> items, Set<String> categories, OtlpCodec.Format format, Message response)
        implements Admitted {

    OtlpRequest {
        items = List.copyOf(items);
        categories = Set.copyOf(categories);
    }
}
