package dev.sluice.server;

import dev.sluice.server.auth.AdminToken;
import dev.sluice.server.auth.KeyAdmin;
import dev.sluice.server.auth.KeyKind;
import dev.sluice.server.auth.Secrets;
import dev.sluice.server.auth.SentryDsn;
import dev.sluice.store.Project;
import dev.sluice.store.Store;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * First run: an admin token, a {@code default} project and one key of each kind. The secrets are printed
 * once and only their hashes are kept. Claiming the admin-token setting is atomic, so when several nodes
 * start on one fresh database exactly one of them bootstraps.
 */
final class Bootstrap {

    static final String DEFAULT_PROJECT = "default";

    private Bootstrap() {
    }

    static Optional<FirstRun> runIfFirst(Store store, Clock clock) {
        if (store.setting(AdminToken.SETTING).isPresent()) {
            return Optional.empty();
        }
        String token = Secrets.generate(AdminToken.PREFIX);
        if (!store.putSettingIfAbsent(AdminToken.SETTING, Secrets.sha256Hex(token))) {
            return Optional.empty();
        }
        Project project = store.findProject(DEFAULT_PROJECT)
                .orElseGet(() -> store.createProject(DEFAULT_PROJECT, clock.millis()));
        KeyAdmin admin = KeyAdmin.create(store, clock);
        Map<KeyKind, String> keys = new LinkedHashMap<>();
        for (KeyKind kind : KeyKind.values()) {
            keys.put(kind, admin.create(project, kind).rawKey());
        }
        return Optional.of(new FirstRun(token, project.name(), keys, project.number()));
    }

    static String banner(FirstRun created, String baseUrl) {
        StringBuilder out = new StringBuilder();
        out.append("\nSluice first run: these secrets are shown once (only their hashes are stored).\n\n");
        out.append(String.format("  %-18s %s%n", "admin token", created.adminToken()));
        out.append(String.format("  %-18s %s%n", "project", created.project()));
        created.keys().forEach((kind, key) -> out.append(String.format("  %-18s %s%n", kind.id() + " key", key)));
        String os = created.keys().get(KeyKind.OPENSENTRY);
        out.append("\nSend an error:\n  curl -i -X POST '").append(baseUrl).append("/v1/ingest' ")
                .append("-H 'Content-Type: application/json' -H 'X-Open-Sentry-Key: ").append(os).append("' ")
                .append("-d '{\"type\":\"error\",\"exception\":{\"type\":\"Error\",\"value\":\"hello from curl\"}}'\n");
        out.append("Read it back:\n  curl -s '").append(baseUrl).append("/api/projects/").append(created.project())
                .append("/issues' -H 'Authorization: Bearer ").append(created.adminToken()).append("'\n");
        out.append("Open Sentry DSN: ").append(baseUrl.replace("://", "://" + os + "@")).append("/v1/ingest\n");
        out.append("Sentry DSN (official Sentry SDKs): ").append(SentryDsn.of(baseUrl, os, created.projectNumber()))
                .append('\n');
        return out.toString();
    }
}
