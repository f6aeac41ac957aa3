package dev.sluice.web.page;

import dev.sluice.query.Page;
import dev.sluice.query.TransactionQueries;
import dev.sluice.query.TransactionStats;
import dev.sluice.query.TransactionView;
import dev.sluice.web.view.Waterfall;
import io.helidon.webserver.http.HttpRouting;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;

/** {@code /transactions}: per name (count, percentiles, error rate) and recent ones; one with its waterfall. */
final class TransactionPages {

    private final Web web;
    private final TransactionQueries transactions;
    private final TransactionStats stats;

    TransactionPages(Web web) {
        this.web = web;
        this.transactions = TransactionQueries.create(web.store);
        this.stats = TransactionStats.create(web.store);
    }

    void register(HttpRouting.Builder routing) {
        routing.get("/transactions", web.page("transactions", this::list))
                .get("/transactions/{id}", web.page("transactions", this::detail));
    }

    private void list(Web.Ctx ctx) {
        Instant to = web.clock.instant().plusMillis(1);
        Duration window = ctx.param("range").filter("7d"::equals).map(x -> Duration.ofDays(7)).orElse(Duration.ofHours(24));
        Page<TransactionView> recent = transactions.list(ctx.project().id(), ctx.param("name"), ctx.param("cursor"), 50);
        web.render(ctx.res(), "transactions.jte", Map.of("chrome", ctx.chrome().titled("Transactions"),
                "names", stats.byName(ctx.project().id(), to.minus(window), to), "recent", recent,
                "name", ctx.param("name").orElse(""), "range", window.toDays() == 7 ? "7d" : "24h"));
    }

    private void detail(Web.Ctx ctx) {
        TransactionView t = transactions.get(ctx.project().id(), ctx.path("id"))
                .orElseThrow(() -> new NoSuchElementException("No such transaction."));
        web.render(ctx.res(), "transaction.jte", Map.of("chrome", ctx.chrome().titled(t.name()), "t", t,
                "waterfall", Waterfall.of(t)));
    }
}
