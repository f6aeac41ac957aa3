package dev.sluice.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.ProjectId;
import dev.sluice.store.AccountRecords.Invite;
import dev.sluice.store.AccountRecords.Role;
import dev.sluice.store.AccountRecords.StoredSession;
import dev.sluice.store.AccountRecords.User;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Users, memberships, invites and sessions, on SQLite and PostgreSQL. */
class AccountsContractTest extends OnBothStores {

    Accounts accounts;

    @BeforeEach
    void open() {
        accounts = db.store.accounts();
    }


    @Test
    void usersHaveUniqueLowerCaseEmailsAndRoles() {
        User ann = accounts.createUser(" Ann@Example.COM ", Role.MEMBER, Optional.empty(), 1_000);
        assertThat(ann.email()).isEqualTo("ann@example.com");
        assertThat(ann.active()).isFalse();
        assertThatThrownBy(() -> accounts.createUser("ann@example.com", Role.ADMIN, Optional.empty(), 2_000))
                .isInstanceOf(StoreException.class)
                .satisfies(e -> assertThat(StoreException.classify(e)).isEqualTo(StoreException.Failure.DUPLICATE));
        assertThat(accounts.findUserByEmail("ANN@example.com")).contains(ann);
        assertThat(accounts.findUser(ann.id())).contains(ann);
        assertThat(accounts.setPassword(ann.id(), "$argon2id$x", 3_000)).isTrue();
        assertThat(accounts.setRole(ann.id(), Role.ADMIN)).isTrue();
        User changed = accounts.findUser(ann.id()).orElseThrow();
        assertThat(changed.passwordHash()).contains("$argon2id$x");
        assertThat(changed.role()).isEqualTo(Role.ADMIN);
        accounts.createUser("bob@example.com", Role.MEMBER, Optional.of("$argon2id$y"), 4_000);
        assertThat(accounts.listUsers()).extracting(User::email).containsExactly("ann@example.com", "bob@example.com");
        assertThat(accounts.setPassword("nobody", "h", 1)).isFalse();
    }

    @Test
    void membershipsArePerProject() {
        ProjectId other = db.store.createProject("p2", 1_000).id();
        User ann = accounts.createUser("ann@example.com", Role.MEMBER, Optional.empty(), 1_000);
        User bob = accounts.createUser("bob@example.com", Role.MEMBER, Optional.empty(), 1_000);
        accounts.addMembership(ann.id(), db.project, 2_000);
        accounts.addMembership(ann.id(), db.project, 2_500); // idempotent
        accounts.addMembership(bob.id(), other, 2_000);
        assertThat(accounts.memberships(ann.id())).containsExactly(db.project);
        assertThat(accounts.members(db.project)).extracting(User::email).containsExactly("ann@example.com");
        assertThat(accounts.members(other)).extracting(User::email).containsExactly("bob@example.com");
        assertThat(accounts.removeMembership(ann.id(), db.project)).isTrue();
        assertThat(accounts.removeMembership(ann.id(), db.project)).isFalse();
        assertThat(accounts.memberships(ann.id())).isEmpty();
    }

    @Test
    void anInviteWorksOnceAndNotAfterItExpires() {
        User ann = accounts.createUser("ann@example.com", Role.MEMBER, Optional.empty(), 1_000);
        accounts.createInvite(new Invite("old", ann.id(), 1_000, 100_000));
        accounts.createInvite(new Invite("h1", ann.id(), 2_000, 100_000));
        assertThat(accounts.findInvite("old", 3_000)).as("a newer invite replaces it").isEmpty();
        assertThat(accounts.findInvite("h1", 3_000)).isPresent();
        assertThat(accounts.findInvite("h1", 100_000)).as("expired").isEmpty();
        assertThat(accounts.acceptInvite("h1", "$argon2id$p", 100_001)).as("expired").isEmpty();
        assertThat(accounts.acceptInvite("old", "$argon2id$p", 3_000)).isEmpty();
        accounts.createSession(new StoredSession("s-before", Optional.of(ann.id()), ann.email(), Optional.empty(),
                2_000, 2_000));
        assertThat(accounts.acceptInvite("h1", "$argon2id$p", 5_000)).contains(ann.id());
        assertThat(accounts.acceptInvite("h1", "$argon2id$q", 6_000)).as("used").isEmpty();
        assertThat(accounts.findUser(ann.id()).orElseThrow().passwordHash()).contains("$argon2id$p");
        assertThat(accounts.findSession("s-before")).as("setting a password ends older sessions").isEmpty();
    }

    @Test
    void sessionsAreStoredTouchedAndRevoked() {
        User ann = accounts.createUser("ann@example.com", Role.MEMBER, Optional.of("h"), 1_000);
        StoredSession admin = new StoredSession("a", Optional.empty(), "admin", Optional.empty(), 1_000, 1_000);
        accounts.createSession(admin);
        accounts.createSession(new StoredSession("s1", Optional.of(ann.id()), ann.email(), Optional.empty(), 1_000,
                1_000));
        accounts.createSession(new StoredSession("s2", Optional.of(ann.id()), ann.email(), Optional.empty(), 1_000,
                1_000));
        assertThat(accounts.findSession("a")).contains(admin);
        accounts.touchSession("s1", 5_000, Optional.of("p1"));
        assertThat(accounts.findSession("s1").orElseThrow().lastSeen()).isEqualTo(5_000);
        assertThat(accounts.findSession("s1").orElseThrow().project()).contains("p1");
        assertThat(accounts.deleteSessionsOfUser(ann.id(), Optional.of("s1"))).isEqualTo(1);
        assertThat(accounts.findSession("s2")).isEmpty();
        assertThat(accounts.findSession("s1")).isPresent();
        assertThat(accounts.deleteExpiredSessions(2_000, 0)).as("only the idle admin session").isEqualTo(1);
        assertThat(accounts.deleteSession("s1")).isTrue();
        assertThat(accounts.deleteSession("s1")).isFalse();
    }

    @Test
    void deletingAUserRemovesEverythingOfTheirs() {
        User ann = accounts.createUser("ann@example.com", Role.MEMBER, Optional.empty(), 1_000);
        accounts.addMembership(ann.id(), db.project, 1_000);
        accounts.createInvite(new Invite("h", ann.id(), 1_000, 9_000));
        accounts.createSession(new StoredSession("s", Optional.of(ann.id()), ann.email(), Optional.empty(), 1, 1));
        assertThat(accounts.deleteUser(ann.id())).isTrue();
        assertThat(accounts.findUser(ann.id())).isEmpty();
        assertThat(accounts.findSession("s")).isEmpty();
        assertThat(db.count("user_projects")).isZero();
        assertThat(db.count("user_invites")).isZero();
    }
}
