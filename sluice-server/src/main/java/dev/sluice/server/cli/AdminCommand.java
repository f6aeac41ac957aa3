package dev.sluice.server.cli;

import dev.sluice.server.auth.AdminToken;
import dev.sluice.store.Store;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sluice admin reset-token}: a lost admin token is replaced, not a reason to delete the data. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Administer the server's own credentials.",
        subcommands = {AdminCommand.ResetToken.class})
final class AdminCommand {

    @Command(name = "reset-token", mixinStandardHelpOptions = true,
            description = "Replace the admin token and print the new one once (only its hash is stored). "
                    + "The old token stops working; running servers accept the new one within a second.")
    static final class ResetToken implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (Store s = store.open()) {
                String token = AdminToken.reset(s);
                System.out.println(token);
                System.err.println("new admin token: store it now, it is not shown again (the old one no longer works)");
                return 0;
            }
        }
    }
}
