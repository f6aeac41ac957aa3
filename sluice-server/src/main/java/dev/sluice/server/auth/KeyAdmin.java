package dev.sluice.server.auth;

import dev.sluice.store.ApiKey;
import dev.sluice.store.Project;
import dev.sluice.store.Store;
import java.time.Clock;
import java.util.OptionalLong;
import java.util.UUID;

/** Creating and revoking keys, shared by the CLI and the admin API. */
public final class KeyAdmin {

    private final Store store;
    private final Clock clock;

    private KeyAdmin(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Key administration over {@code store}. */
    public static KeyAdmin create(Store store, Clock clock) {
        return new KeyAdmin(store, clock);
    }

    /** A key just created: the raw secret exists only in this value. */
    public record CreatedKey(String rawKey, ApiKey stored) {
    }

    /** Creates a key of {@code kind} for {@code project}. */
    public CreatedKey create(Project project, KeyKind kind) {
        String raw = Secrets.generate(kind.prefix());
        String hint = raw.substring(0, kind.prefix().length() + 6);
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), project.id(), kind.id(), Secrets.sha256Hex(raw), hint,
                clock.millis(), OptionalLong.empty());
        store.insertKey(key);
        return new CreatedKey(raw, key);
    }

    /** Revokes a key by id or hint; the hint may be given as {@code sluice key list} prints it, with the ellipsis. */
    public boolean revoke(String idOrHint) {
        String trimmed = idOrHint.strip();
        for (String ellipsis : new String[] {"\u2026", "..."}) {
            if (trimmed.endsWith(ellipsis)) {
                trimmed = trimmed.substring(0, trimmed.length() - ellipsis.length());
            }
        }
        return !trimmed.isEmpty() && store.revokeKey(trimmed, clock.millis());
    }
}
