package dev.sluice.server.cli;

import dev.sluice.store.AccountRecords.Role;
import dev.sluice.store.AccountRecords.User;
import dev.sluice.store.Project;
import dev.sluice.store.Store;
import dev.sluice.web.session.Invites;
import dev.sluice.web.session.Passwords;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sluice user create|list|password}: dashboard accounts from the shell. A password is never an argument
 * (it would sit in the shell history and in {@code ps}): it comes from standard input or a named environment
 * variable, or the user gets a one-time invite link and chooses it themselves.
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage dashboard user accounts.",
        subcommands = {UserCommand.Create.class, UserCommand.ListUsers.class, UserCommand.SetPassword.class})
final class UserCommand {

    /** Where a password comes from, when not from an invite. */
    static final class PasswordSource {
        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean stdin;

        @Option(names = "--password-env", paramLabel = "VAR",
                description = "Read the password from environment variable VAR (e.g. SLUICE_USER_PASSWORD).")
        String env;

        Optional<String> read() throws java.io.IOException {
            if (stdin) {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                return Optional.of(line == null ? "" : line);
            }
            if (env != null) {
                String v = System.getenv(env);
                if (v == null) {
                    throw new IllegalArgumentException("environment variable " + env + " is not set");
                }
                return Optional.of(v);
            }
            return Optional.empty();
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a user; prints a one-time invite link unless a password is given.")
    static final class Create implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Mixin
        PasswordSource password;

        @Option(names = "--email", required = true, paramLabel = "ADDR", description = "The user's e-mail address.")
        String email;

        @Option(names = "--role", defaultValue = "member", paramLabel = "ROLE",
                description = "admin (every project, settings) or member (only their projects; default).")
        String role;

        @Option(names = "--project", paramLabel = "NAME", description = "A project the user belongs to (repeatable).")
        List<String> projects = new ArrayList<>();

        @Option(names = "--base-url", paramLabel = "URL", defaultValue = "${env:SLUICE_BASE_URL:-http://127.0.0.1:3001}",
                description = "How browsers reach the dashboard, for the invite link (default: ${DEFAULT-VALUE}).")
        String baseUrl;

        @Override
        public Integer call() throws Exception {
            Optional<Role> r = Role.byId(role);
            if (r.isEmpty() || !email.matches("[^@\\s]+@[^@\\s]+") || email.length() > 254) {
                System.err.println(r.isEmpty() ? "--role must be admin or member" : "not an e-mail address: " + email);
                return 2;
            }
            Optional<String> pw = password.read();
            Optional<String> problem = pw.flatMap(Passwords::problem);
            if (problem.isPresent()) {
                System.err.println(problem.get());
                return 2;
            }
            Clock clock = Clock.systemUTC();
            try (Store s = store.open()) {
                List<Project> chosen = new ArrayList<>();
                for (String name : projects) {
                    Optional<Project> p = s.findProject(name);
                    if (p.isEmpty()) {
                        System.err.println("no such project: " + name);
                        return 1;
                    }
                    chosen.add(p.get());
                }
                if (s.accounts().findUserByEmail(email).isPresent()) {
                    System.err.println("a user with this e-mail exists: " + email);
                    return 1;
                }
                User u = s.accounts().createUser(email, r.get(), pw.map(Passwords::hash), clock.millis());
                for (Project p : chosen) {
                    s.accounts().addMembership(u.id(), p.id(), clock.millis());
                }
                System.out.println("created " + u.role().id() + " " + u.email());
                if (pw.isEmpty()) {
                    String link = Invites.link(baseUrl, Invites.create(s.accounts(), u.id(), clock));
                    System.out.println("invite link (works once, for " + Invites.VALID.toDays() + " days): " + link);
                }
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Override
        public Integer call() {
            try (Store s = store.open()) {
                System.out.printf("%-36s %-8s %-8s %s%n", "EMAIL", "ROLE", "STATE", "CREATED");
                for (User u : s.accounts().listUsers()) {
                    System.out.printf("%-36s %-8s %-8s %s%n", u.email(), u.role().id(), u.active() ? "active" : "invited",
                            Instant.ofEpochMilli(u.createdAt()));
                }
                return 0;
            }
        }
    }

    @Command(name = "password", mixinStandardHelpOptions = true,
            description = "Set a user's password (from stdin or an environment variable); logs out their sessions.")
    static final class SetPassword implements Callable<Integer> {
        @Mixin
        StoreOptions store;

        @Mixin
        PasswordSource password;

        @Option(names = "--email", required = true, paramLabel = "ADDR")
        String email;

        @Override
        public Integer call() throws Exception {
            Optional<String> pw = password.read();
            if (pw.isEmpty()) {
                System.err.println("give --password-stdin or --password-env VAR");
                return 2;
            }
            Optional<String> problem = Passwords.problem(pw.get());
            if (problem.isPresent()) {
                System.err.println(problem.get());
                return 2;
            }
            try (Store s = store.open()) {
                Optional<User> u = s.accounts().findUserByEmail(email);
                if (u.isEmpty()) {
                    System.err.println("no such user: " + email);
                    return 1;
                }
                s.accounts().setPassword(u.get().id(), Passwords.hash(pw.get()), Clock.systemUTC().millis());
                int ended = s.accounts().deleteSessionsOfUser(u.get().id(), Optional.empty());
                System.out.println("password set for " + u.get().email() + "; " + ended + " session(s) logged out");
                return 0;
            }
        }
    }
}
