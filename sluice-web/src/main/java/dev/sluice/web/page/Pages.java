package dev.sluice.web.page;

import dev.sluice.query.analytics.MarkedEvents;
import dev.sluice.query.insights.InsightEngine;
import dev.sluice.store.Store;
import dev.sluice.web.Dashboard;
import dev.sluice.web.ServerHooks;
import dev.sluice.web.session.LoginThrottle;
import dev.sluice.web.session.Sessions;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.util.List;

/** Registers every dashboard route. */
public final class Pages {

    private Pages() {
    }

    /**
     * Adds the dashboard's routes ({@code /}, {@code /login}, {@code /issues}, …) to {@code target}; answers every
     * route added, as registered.
     */
    public static List<Dashboard.Route> register(HttpRouting.Builder target, Store store, Clock clock,
                                                 ServerHooks hooks, InsightEngine insights, MarkedEvents events) {
        RouteRecorder routing = new RouteRecorder(target);
        Web web = new Web(store, clock, hooks, Sessions.create(store.accounts(), clock));
        routing.get("/", (req, res) -> res.status(Status.SEE_OTHER_303).header(HeaderNames.LOCATION, "/issues").send());
        new Assets().register(routing);
        LoginThrottle throttle = LoginThrottle.create();
        new AuthPages(web, throttle).register(routing);
        new IssuePages(web).register(routing);
        new TaskPages(web).register(routing);
        new TransactionPages(web).register(routing);
        new AiPages(web).register(routing);
        new JobPages(web).register(routing);
        new SettingsPages(web).register(routing);
        new AnalyticsPages(web, insights, events).register(routing);
        new AlertPages(web).register(routing);
        new AccountPages(web, throttle).register(routing);
        return routing.routes();
    }
}
