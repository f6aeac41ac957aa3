package dev.sluice.sdk;

import java.util.List;

/**
 * Dead-letter callback: receives every item the SDK gives up on, with the reason. Called from an SDK thread
 * (or the capturing thread for validation and queue-full drops), so keep it quick. If it throws, the SDK
 * logs and carries on.
 */
@FunctionalInterface
public interface ErrorHandler {
    void onError(SluiceError error, List<Object> items);
}
