package dev.sluice.protocol;

import java.util.List;
import java.util.Optional;

/** Parent → children edges of one workflow chain. */
public record LineageItem(JobEnv env, String parentId, String chainId, List<Child> children) implements JobItem {

    public LineageItem {
        children = List.copyOf(children);
    }

    /** One child task. */
    public record Child(String id, String taskName) {
    }

    @Override
    public Optional<String> timestamp() {
        return Optional.empty();
    }
}
