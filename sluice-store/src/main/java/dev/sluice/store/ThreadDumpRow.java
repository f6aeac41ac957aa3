package dev.sluice.store;

import dev.sluice.protocol.JobEnv;
import dev.sluice.protocol.ProjectId;
import java.util.Optional;

/** One stored thread dump. */
public record ThreadDumpRow(String id, ProjectId project, JobEnv env, String cmdId, String workerKey,
                            Optional<String> language, Optional<String> sdkVersion, Optional<String> capturedAt,
                            String dumpText, long receivedAt) {
}
