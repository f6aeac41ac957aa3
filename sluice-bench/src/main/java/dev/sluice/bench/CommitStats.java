package dev.sluice.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Totals of Sluice's group-commit meters ({@code sluice_commit_items}, {@code sluice_commit_duration_seconds})
 * from {@code /metrics}. The difference of two scrapes gives commits and items per commit over a run: fsync is
 * nearly free on the benchmark disk, so the batch size is what tells how results move to slower disks.
 *
 * @param commits number of store transactions
 * @param items items committed
 * @param seconds time spent inside those transactions
 */
record CommitStats(long commits, double items, double seconds) {

    static final CommitStats NONE = new CommitStats(0, 0, 0);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static CommitStats scrape(String host, int port) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build();
        String text;
        try {
            text = HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return NONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NONE;
        }
        return new CommitStats((long) value(text, "sluice_commit_items_count"), value(text, "sluice_commit_items_sum"),
                value(text, "sluice_commit_duration_seconds_sum"));
    }

    private static double value(String text, String name) {
        for (String line : text.split("\n")) {
            // Tags, if any, come between the name and the value: "name{...} value".
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    CommitStats minus(CommitStats before) {
        return new CommitStats(commits - before.commits, items - before.items, seconds - before.seconds);
    }

    double itemsPerCommit() {
        return commits == 0 ? 0 : items / commits;
    }

    double meanCommitMillis() {
        return commits == 0 ? 0 : seconds * 1000 / commits;
    }
}
