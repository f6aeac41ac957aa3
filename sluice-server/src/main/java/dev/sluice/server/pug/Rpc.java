package dev.sluice.server.pug;

import com.google.protobuf.Message;
import dev.sluice.protocol.ProjectId;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One Pug RPC: its path, request prototype, credential group and implementation. Unary RPCs answer one
 * message; the server-streaming one sends each page to the sink.
 */
record Rpc(String path, Message prototype, boolean sdk, Optional<Unary> unary, Optional<Streaming> streaming) {

    @FunctionalInterface
    interface Unary {
        Message call(ProjectId project, Message request, int bodySize);
    }

    @FunctionalInterface
    interface Streaming {
        void call(ProjectId project, Message request, Consumer<Message> sink);
    }

    static Rpc unary(String path, Message prototype, boolean sdk, Unary unary) {
        return new Rpc(path, prototype, sdk, Optional.of(unary), Optional.empty());
    }

    static Rpc streaming(String path, Message prototype, Streaming streaming) {
        return new Rpc(path, prototype, false, Optional.empty(), Optional.of(streaming));
    }

    boolean isStreaming() {
        return streaming.isPresent();
    }
}
