package dev.sluice.server;

import java.util.Optional;

/** The server could not listen on its address (in use, not local, no permission); one line for the operator. */
public final class ListenException extends RuntimeException {

    private ListenException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Fails fast with one clear line when {@code host:port} cannot be bound, before anything else starts (the
     * web server would log a stack trace for the same fault). A port taken between this check and the real bind
     * is still reported by {@link SluiceServer#start}.
     */
    static void checkAvailable(String host, int port) {
        if (port == 0) {
            return;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true); // as the web server does, so TIME_WAIT leftovers do not count
            probe.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw of(host, port, e);
        }
    }

    static ListenException of(String host, int port, Throwable cause) {
        String why = Optional.ofNullable(cause).map(ListenException::rootMessage)
                .orElse("the address is already in use or not available");
        String hint = port == 0 ? "" : "; stop the other process or choose another port with --port (env SLUICE_PORT)";
        return new ListenException("cannot listen on " + host + ":" + port + ": " + why + hint, cause);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Optional.ofNullable(root.getMessage()).orElse(root.getClass().getSimpleName());
    }
}
