package dev.sluice.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;

/**
 * PostgreSQL transaction-level advisory locks named by strings. A name maps to a 64-bit key (the head of its
 * SHA-256): two names sharing a key only wait for each other now and then, which is harmless. Keys are
 * sorted and taken in one statement, in array order, so every transaction acquires them in the same order.
 */
final class AdvisoryLocks {

    private AdvisoryLocks() {
    }

    static void lock(Connection connection, Collection<String> names) {
        Long[] keys = names.stream().map(AdvisoryLocks::key).distinct().sorted().toArray(Long[]::new);
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT pg_advisory_xact_lock(k) FROM unnest(?::bigint[]) AS k")) {
            Array array = connection.createArrayOf("bigint", keys);
            ps.setArray(1, array);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    // Each row is one lock taken; the statement returns once all are held.
                }
            }
        } catch (SQLException e) {
            throw new StoreException("advisory lock: " + e.getMessage(), e);
        }
    }

    static long key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
