package dev.sluice.server.cli;

import dev.sluice.server.auth.SentryDsn;
import dev.sluice.server.rest.Names;
import dev.sluice.store.Project;
import dev.sluice.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sluice project create|list}. */
@Command(name = "project", mixinStandardHelpOptions = true, description = "Manage projects.",
        subcommands = {ProjectCommand.Create.class, ProjectCommand.ListProjects.class})
final class ProjectCommand {

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a project.")
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME", description = "Project name (a-z, A-Z, 0-9, '.', '_', '-').")
        String name;

        @Override
        public Integer call() {
            if (!Names.valid(name)) {
                System.err.println(Names.RULE);
                return 2;
            }
            try (Store s = store.open()) {
                if (s.findProject(name).isPresent()) {
                    System.err.println("project already exists: " + name);
                    return 1;
                }
                Project p = s.createProject(name, Clock.systemUTC().millis());
                System.out.println("created project " + p.name() + " (" + p.id() + ")");
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List projects.")
    static final class ListProjects implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (Store s = store.open()) {
                System.out.printf("%-24s %-36s %-26s %s%n", "NAME", "ID", "CREATED", "SENTRY DSN");
                for (Project p : s.listProjects()) {
                    System.out.printf("%-24s %-36s %-26s %s%n", p.name(), p.id(), Instant.ofEpochMilli(p.createdAt()),
                            SentryDsn.of("http://HOST:3001", "<opensentry key>", p.number()));
                }
                return 0;
            }
        }
    }
}
