package dev.sluice.web;

import dev.sluice.store.Project;
import java.util.List;

/**
 * What the dashboard needs from the server that lives outside the query layer: checking the admin token and
 * creating or revoking API keys, sending invite e-mail. The server implements it, so the web module never depends on the server.
 */
public interface ServerHooks {

    /** Whether {@code presented} is the admin token (constant-time comparison of hashes). */
    boolean isAdminToken(String presented);

    /** The kinds of key that can be created, by id ({@code opensentry}, {@code tailpoint-live}, …). */
    List<String> keyKinds();

    /** Creates a key of {@code kind} for {@code project}; answers the raw key, shown once. */
    String createKey(Project project, String kind);

    /** Creates a project; a bad or taken name is an {@link IllegalArgumentException} with the reason. */
    Project createProject(String name);

    /** Revokes an active key by id; answers whether one was revoked. */
    boolean revokeKey(String id);

    /**
     * Sends {@code link} to {@code email} through the configured SMTP server, if any; answers a short sentence for
     * the admin saying what happened (the link is always shown to the admin as well).
     */
    default String sendInvite(String email, String link) {
        return "No SMTP server is configured, so no e-mail was sent.";
    }

    /**
     * Validates an alert rule given as the REST API's JSON body ({@code POST /api/projects/{p}/alert-rules}) and
     * stores it: a new rule when {@code id} is empty, else it replaces that rule of {@code project}. Answers the
     * rule's id; a bad body is an {@link IllegalArgumentException} with the reason.
     */
    String saveAlertRule(Project project, java.util.Optional<String> id, String json);

    /** The LLM price table the digest prices generations with (shown on the AI page). */
    PriceList prices();

    /**
     * A price table: its version (stored costs name it, as {@code price-table:v1}) and its rows.
     *
     * @param prices USD per million tokens by provider and model prefix
     */
    record PriceList(String version, java.util.List<Price> prices) {

        public PriceList {
            prices = java.util.List.copyOf(prices);
        }
    }

    /** One price row, USD per million tokens. */
    record Price(String provider, String model, double input, double output, double cachedInput,
                 double cacheWrite) {
    }
}
