package dev.sluice.server;

import dev.sluice.server.cli.SluiceCommand;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** Entry point of the {@code sluice} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Helidon logs through java.util.logging; route it into the same one-line log as ours.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int code = SluiceCommand.run(args);
        if (code != 0 || args.length == 0 || !args[0].equals("serve")) {
            System.exit(code);
        }
    }
}
