package dev.sluice.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import dev.sluice.store.AccountRecords.Invite;
import dev.sluice.store.AccountRecords.Role;
import dev.sluice.store.AccountRecords.User;
import dev.sluice.store.Accounts;
import dev.sluice.web.session.Sessions;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * User accounts over plain HTTP against the real server, on SQLite and PostgreSQL: invites, e-mail + password
 * login, sessions stored hashed that survive a restart, logout and password change revoking sessions, roles
 * applying at once.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class DashboardAccountsTest {

    private static final Pattern INVITE = Pattern.compile("(/invite/[A-Za-z0-9_-]+)");

    TestServer s;
    Accounts accounts;

    @BeforeEach
    void start(TestServer server) throws Exception {
        s = server;
        TwoProjects.seed(s);
        accounts = s.server().store().accounts();
    }

    @Test
    void anAdminInvitesAMemberWhoSetsAPasswordOnce() {
        WebClient admin = WebClient.admin(s.baseUrl(), s.adminToken());
        HttpResponse<String> invited = admin.post("/settings/people", "email=Bob%40Example.com&role=member");
        assertThat(invited.statusCode()).as(invited.body()).isEqualTo(200);
        Matcher m = INVITE.matcher(invited.body());
        assertThat(m.find()).isTrue();
        String link = m.group(1);
        assertThat(invited.body()).contains("No SMTP server is configured");
        User bob = accounts.findUserByEmail("bob@example.com").orElseThrow();
        assertThat(bob.active()).isFalse();
        assertThat(accounts.findInvite(link.substring("/invite/".length()), System.currentTimeMillis()))
                .as("only the token's hash is stored").isEmpty();

        WebClient browser = WebClient.anonymous(s.baseUrl());
        HttpResponse<String> form = browser.get(link);
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("bob@example.com");
        assertThat(accept(link, "short", "short").statusCode()).isEqualTo(400);
        assertThat(accept(link, "long enough 1", "long enough 2").statusCode()).isEqualTo(400);
        HttpResponse<String> accepted = accept(link, "bobs password 1", "bobs password 1");
        assertThat(accepted.statusCode()).isEqualTo(303);
        assertThat(accepted.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("sluice_session=").contains("HttpOnly").contains("SameSite=Strict"));
        assertThat(accept(link, "other password 2", "other password 2").statusCode()).as("used once").isEqualTo(404);
        assertThat(browser.get(link).statusCode()).isEqualTo(404);

        WebClient asBob = WebClient.user(s.baseUrl(), "bob@example.com", "bobs password 1");
        assertThat(asBob.get("/issues").body()).contains("AlphaVisibleError");
        assertThat(asBob.get("/issues?project=bravo").statusCode()).isEqualTo(404);
        assertThat(WebClient.anonymous(s.baseUrl()).login("bob@example.com", "wrong password").statusCode()).isEqualTo(401);
    }

    /** Posts the invite form as a fresh browser would (with the form's own double-submit token). */
    private HttpResponse<String> accept(String link, String password, String confirm) {
        WebClient browser = WebClient.anonymous(s.baseUrl());
        HttpResponse<String> form = browser.get(link);
        if (form.statusCode() != 200) {
            return form;
        }
        Matcher pre = Pattern.compile("name=\"pre\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(pre.find()).isTrue();
        browser.cookie = form.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        return browser.post(link, "pre=" + pre.group(1) + "&password=" + WebClient.enc(password) + "&confirm="
                + WebClient.enc(confirm));
    }

    @Test
    void anExpiredOrUnknownInviteIsRefused() {
        User carol = accounts.createUser("carol@example.com", Role.MEMBER, Optional.empty(), 1_000);
        String token = Sessions.token();
        accounts.createInvite(new Invite(Sessions.hash(token), carol.id(), 1_000, System.currentTimeMillis() - 1));
        WebClient browser = WebClient.anonymous(s.baseUrl());
        assertThat(browser.get("/invite/" + token).statusCode()).isEqualTo(404);
        assertThat(browser.get("/invite/" + Sessions.token()).statusCode()).isEqualTo(404);
        assertThat(browser.get("/invite/" + "x".repeat(500)).statusCode()).isEqualTo(404);
    }

    @Test
    void sessionsAreStoredHashedAndSurviveARestart() {
        WebClient member = WebClient.user(s.baseUrl(), TwoProjects.MEMBER_EMAIL, TwoProjects.MEMBER_PASSWORD);
        WebClient admin = WebClient.admin(s.baseUrl(), s.adminToken());
        String raw = member.cookie.substring("sluice_session=".length());
        assertThat(accounts.findSession(raw)).isEmpty();
        assertThat(accounts.findSession(Sessions.hash(raw))).isPresent();
        TestServer again = s.restart();
        try {
            WebClient m2 = new WebClient(again.baseUrl());
            m2.cookie = member.cookie;
            assertThat(m2.get("/issues").statusCode()).isEqualTo(200);
            WebClient a2 = new WebClient(again.baseUrl());
            a2.cookie = admin.cookie;
            assertThat(a2.get("/issues?project=bravo").statusCode()).isEqualTo(200);
        } finally {
            again.close();
        }
    }

    @Test
    void logoutAndPasswordChangeRevokeSessions() {
        WebClient one = WebClient.user(s.baseUrl(), TwoProjects.MEMBER_EMAIL, TwoProjects.MEMBER_PASSWORD);
        WebClient two = WebClient.user(s.baseUrl(), TwoProjects.MEMBER_EMAIL, TwoProjects.MEMBER_PASSWORD);
        assertThat(one.post("/account/password", "current=nope&password=new+password+1&confirm=new+password+1")
                .statusCode()).isEqualTo(400);
        HttpResponse<String> changed = one.post("/account/password", "current="
                + WebClient.enc(TwoProjects.MEMBER_PASSWORD) + "&password=new+password+1&confirm=new+password+1");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(changed.body()).contains("1 other session logged out");
        assertThat(two.get("/issues").statusCode()).as("the other browser is logged out").isEqualTo(303);
        assertThat(one.get("/issues").statusCode()).isEqualTo(200);
        assertThat(WebClient.anonymous(s.baseUrl()).login(TwoProjects.MEMBER_EMAIL, TwoProjects.MEMBER_PASSWORD)
                .statusCode()).isEqualTo(401);
        WebClient.user(s.baseUrl(), TwoProjects.MEMBER_EMAIL, "new password 1");
        assertThat(one.post("/logout", "").statusCode()).isEqualTo(303);
        assertThat(one.get("/issues").statusCode()).as("logout revokes").isEqualTo(303);
    }

    @Test
    void rolesAndMembershipsApplyAtOnce() {
        WebClient member = WebClient.user(s.baseUrl(), TwoProjects.MEMBER_EMAIL, TwoProjects.MEMBER_PASSWORD);
        assertThat(member.get("/issues?project=bravo").statusCode()).isEqualTo(404);
        assertThat(member.post("/settings/keys", "kind=opensentry").statusCode()).isEqualTo(403);
        assertThat(member.get("/settings").body()).doesNotContain("action=\"/settings/keys\"")
                .doesNotContain("id=\"invite-form\"");
        User alice = accounts.findUserByEmail(TwoProjects.MEMBER_EMAIL).orElseThrow();
        WebClient admin = WebClient.admin(s.baseUrl(), s.adminToken());
        assertThat(admin.post("/settings/people/" + alice.id() + "/role", "role=admin").statusCode()).isEqualTo(303);
        assertThat(member.get("/issues?project=bravo").statusCode()).isEqualTo(200);
        assertThat(admin.post("/settings/people/" + alice.id() + "/role", "role=member").statusCode()).isEqualTo(303);
        assertThat(admin.post("/settings/people/" + alice.id() + "/remove", "").statusCode()).isEqualTo(303);
        HttpResponse<String> none = member.get("/issues");
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(none.body()).contains("not a member of any project");
    }
}
