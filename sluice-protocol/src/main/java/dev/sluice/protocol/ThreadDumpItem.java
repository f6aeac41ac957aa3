package dev.sluice.protocol;

import java.util.Optional;

/** All thread stacks of one worker, captured on a {@code thread_dump} command. */
public record ThreadDumpItem(JobEnv env, String cmdId, String workerKey, String dumpText, Optional<String> language,
                             Optional<String> sdkVersion, Optional<String> capturedAt) implements JobItem {

    @Override
    public Optional<String> timestamp() {
        return capturedAt;
    }
}
