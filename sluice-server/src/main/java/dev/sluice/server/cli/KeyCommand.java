package dev.sluice.server.cli;

import dev.sluice.server.auth.KeyAdmin;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.store.ApiKey;
import dev.sluice.store.Project;
import dev.sluice.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice key create|list|revoke}. */
@Command(name = "key", mixinStandardHelpOptions = true, description = "Manage API keys.",
        subcommands = {KeyCommand.Create.class, KeyCommand.ListKeys.class, KeyCommand.Revoke.class})
final class KeyCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key and print it once (only its hash is stored).")
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Option(names = "--project", required = true, paramLabel = "NAME", description = "Project name.")
        String project;

        @Option(names = "--type", required = true, paramLabel = "T",
                description = "Key type: opensentry, tailpoint-live, tailpoint-test, pug-private, pug-public, "
                        + "tracestax-live, tracestax-test.")
        String type;

        @Override
        public Integer call() {
            Optional<KeyKind> kind = KeyKind.byId(type);
            if (kind.isEmpty()) {
                System.err.println("unknown key type '" + type + "'; use one of: " + KeyKind.names());
                return 2;
            }
            try (Store s = store.open()) {
                Optional<Project> p = s.findProject(project);
                if (p.isEmpty()) {
                    System.err.println("unknown project: " + project + " (see: sluice project list)");
                    return 1;
                }
                KeyAdmin.CreatedKey created = KeyAdmin.create(s, Clock.systemUTC()).create(p.get(), kind.get());
                System.out.println(created.rawKey());
                System.err.println("key " + created.stored().id() + " (" + kind.get().id() + ") for project "
                        + project + ": store it now, it is not shown again");
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (hints only).")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (Store s = store.open()) {
                Map<String, String> names = s.listProjects().stream()
                        .collect(Collectors.toMap(p -> p.id().value(), Project::name));
                System.out.printf("%-36s %-16s %-18s %-16s %-8s %s%n", "ID", "TYPE", "HINT", "PROJECT", "STATE",
                        "CREATED");
                for (ApiKey k : s.listKeys()) {
                    System.out.printf("%-36s %-16s %-18s %-16s %-8s %s%n", k.id(), k.kind(), k.hint() + "…",
                            names.getOrDefault(k.project().value(), "?"), k.active() ? "active" : "revoked",
                            Instant.ofEpochMilli(k.createdAt()));
                }
                return 0;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a key by id or hint; running servers stop accepting it within a second.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "ID", description = "Key id or hint, as shown by 'sluice key list'.")
        String id;

        @Override
        public Integer call() {
            try (Store s = store.open()) {
                if (KeyAdmin.create(s, Clock.systemUTC()).revoke(id)) {
                    System.out.println("revoked " + id);
                    return 0;
                }
                System.err.println("no active key " + id);
                return 1;
            }
        }
    }
}
