package dev.sluice.sdk;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects everything handed to onError. */
final class Recorder implements ErrorHandler {
    final List<SluiceError> errors = new CopyOnWriteArrayList<>();
    final List<Object> items = new CopyOnWriteArrayList<>();

    @Override
    public void onError(SluiceError error, List<Object> dropped) {
        errors.add(error);
        items.addAll(dropped);
    }

    List<DropReason> reasons() {
        return errors.stream().map(SluiceError::reason).toList();
    }
}
