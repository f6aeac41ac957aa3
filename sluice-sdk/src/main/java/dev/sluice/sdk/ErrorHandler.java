package dev.sluice.sdk;

import java.util.List;

/**
 * Dead-letter callback: receives every item the SDK gives up on, with the reason. Always called on the SDK's
 * one {@code sluice-drop-reports} thread, never on the thread that captured — a drop costs the capturing thread
 * an enqueue — and one report at a time, in the order the drops happened. Keep it quick: while it runs, later
 * reports wait in a bounded queue; beyond 4,096 waiting reports, drops are coalesced per family and reason
 * into one later report whose {@code items} list is empty and whose message gives the count. Items dropped by
 * sampling are counted but never reported. If the callback throws, the SDK logs and carries on.
 */
@FunctionalInterface
public interface ErrorHandler {
    /**
     * One drop.
     *
     * @param error why, for which family, with the HTTP status when the server refused
     * @param items the dropped items as captured (empty for a coalesced report)
     */
    void onError(SluiceError error, List<Object> items);
}
