package dev.sluice.web.page;

import dev.sluice.query.insights.InsightEngine;
import dev.sluice.store.Store;
import dev.sluice.web.ServerHooks;
import dev.sluice.web.session.LoginThrottle;
import dev.sluice.web.session.Sessions;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;

/** Registers every dashboard route. */
public final class Pages {

    private Pages() {
    }

    /** Adds the dashboard's routes ({@code /}, {@code /login}, {@code /issues}, …) to {@code routing}. */
    public static void register(HttpRouting.Builder routing, Store store, Clock clock, ServerHooks hooks,
                                InsightEngine insights) {
        Web web = new Web(store, clock, hooks, Sessions.create(clock));
        routing.get("/", (req, res) -> res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, "/issues").send());
        new Assets().register(routing);
        new AuthPages(web, LoginThrottle.create()).register(routing);
        new IssuePages(web).register(routing);
        new TaskPages(web).register(routing);
        new TransactionPages(web).register(routing);
        new AiPages(web).register(routing);
        new JobPages(web).register(routing);
        new SettingsPages(web).register(routing);
        new AnalyticsPages(web, insights).register(routing);
        new AlertPages(web).register(routing);
    }
}
