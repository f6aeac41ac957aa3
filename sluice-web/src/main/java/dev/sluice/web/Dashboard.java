package dev.sluice.web;

import dev.sluice.query.analytics.MarkedEvents;
import dev.sluice.query.insights.InsightEngine;
import dev.sluice.store.Store;
import dev.sluice.web.page.Pages;
import io.helidon.webserver.http.HttpRouting;
import java.time.Clock;
import java.util.List;

/** The dashboard as the server mounts it: one call adds every page to the routing. */
public final class Dashboard {

    private Dashboard() {
    }

    /**
     * Adds the dashboard's pages, assets and login routes to {@code routing}; insights come from {@code insights}.
     * Answers every route added (for the authorization test that walks them all).
     */
    public static List<Route> register(HttpRouting.Builder routing, Store store, Clock clock, ServerHooks hooks,
                                       InsightEngine insights) {
        return register(routing, store, clock, hooks, insights, MarkedEvents.create(store, java.util.Optional.empty()));
    }

    /**
     * As {@link #register(HttpRouting.Builder, Store, Clock, ServerHooks, InsightEngine)}, a profile's latest
     * events found through {@code events} (the analytics replica's positions: SQLite has no person index).
     */
    public static List<Route> register(HttpRouting.Builder routing, Store store, Clock clock, ServerHooks hooks,
                                       InsightEngine insights, MarkedEvents events) {
        return Pages.register(routing, store, clock, hooks, insights, events);
    }

    /** One registered dashboard route: the HTTP method and the path pattern ({@code /issues/{id}}). */
    public record Route(String method, String path) {
    }
}
