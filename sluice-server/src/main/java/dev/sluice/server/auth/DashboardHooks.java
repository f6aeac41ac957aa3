package dev.sluice.server.auth;

import dev.sluice.store.Project;
import dev.sluice.store.Store;
import dev.sluice.web.ServerHooks;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/** The dashboard's way to the admin token and key administration (the same code the CLI and REST use). */
public final class DashboardHooks implements ServerHooks {

    private final Store store;
    private final KeyAdmin keyAdmin;
    private final KeyRegistry registry;
    private final Clock clock;

    private final InviteMailer mailer;

    private DashboardHooks(Store store, KeyRegistry registry, Clock clock, InviteMailer mailer) {
        this.store = store;
        this.mailer = mailer;
        this.keyAdmin = KeyAdmin.create(store, clock);
        this.registry = registry;
        this.clock = clock;
    }

    /** Hooks over {@code store}; key changes refresh {@code registry} at once. */
    public static DashboardHooks create(Store store, KeyRegistry registry, Clock clock) {
        return create(store, registry, clock, java.util.Optional.empty());
    }

    /** As {@link #create(Store, KeyRegistry, Clock)}, sending invite e-mail through {@code smtp} when set. */
    public static DashboardHooks create(Store store, KeyRegistry registry, Clock clock,
                                        java.util.Optional<dev.sluice.server.alerts.AlertConfig.Smtp> smtp) {
        return new DashboardHooks(store, registry, clock, new InviteMailer(smtp));
    }

    @Override
    public String sendInvite(String email, String link) {
        return mailer.send(email, link);
    }

    @Override
    public boolean isAdminToken(String presented) {
        return AdminToken.of(store).accepts(java.util.Optional.of("Bearer " + presented));
    }

    @Override
    public List<String> keyKinds() {
        return Arrays.stream(KeyKind.values()).map(KeyKind::id).toList();
    }

    @Override
    public String createKey(Project project, String kind) {
        KeyKind k = KeyKind.byId(kind).orElseThrow(() -> new IllegalArgumentException("unknown key type " + kind));
        String raw = keyAdmin.create(project, k).rawKey();
        registry.refresh();
        return raw;
    }

    @Override
    public Project createProject(String name) {
        if (!dev.sluice.server.rest.Names.valid(name)) {
            throw new IllegalArgumentException(dev.sluice.server.rest.Names.RULE);
        }
        if (store.findProject(name).isPresent()) {
            throw new IllegalArgumentException("A project named " + name + " exists already.");
        }
        return store.createProject(name, clock.millis());
    }

    @Override
    public boolean revokeKey(String id) {
        boolean revoked = keyAdmin.revoke(id);
        if (revoked) {
            registry.refresh();
        }
        return revoked;
    }

    @Override
    public String saveAlertRule(Project project, java.util.Optional<String> id, String json) {
        com.fasterxml.jackson.databind.JsonNode body;
        try {
            body = dev.sluice.server.http.Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the rule is not JSON");
        }
        if (!(body instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
            throw new IllegalArgumentException("the rule must be a JSON object");
        }
        return dev.sluice.server.rest.AlertApi.save(store, clock, project.id(), id, object).id();
    }

    @Override
    public PriceList prices() {
        dev.sluice.digest.PriceTable table = dev.sluice.digest.PriceTable.shipped();
        return new PriceList(table.version(), table.listed().stream().map(p -> new Price(p.provider(), p.model(),
                p.input(), p.output(), p.cachedInput(), p.cacheWrite())).toList());
    }
}
