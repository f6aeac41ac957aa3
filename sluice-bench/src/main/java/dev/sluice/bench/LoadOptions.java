package dev.sluice.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parsed command line of {@link LoadGen}.
 *
 * @param target what to load: {@code sluice} (in-process server), {@code ceiling} (constant-202 server),
 *               {@code both} (sluice then ceiling, same settings), {@code url} (an external server) or
 *               {@code spawn} (start {@code sluice-server.jar} as a child process, measuring start time and RSS)
 * @param db in-process store: empty for SQLite in a temp dir, {@code pg} for a fresh schema in the default
 *           test database, or a database URL
 * @param url base URL of an external server ({@code target=url})
 * @param key Open Sentry key of the external server
 * @param jar the server jar for {@code target=spawn}
 * @param serverJvmOpts extra JVM options for the spawned server, space separated
 * @param connections concurrent keep-alive connections
 * @param warmupSeconds load before measuring, not counted
 * @param durationSeconds measured load per run
 * @param runs measured runs per target (each preceded by its own warm-up)
 * @param items items per request, 1..20
 * @param itemBytes approximate JSON size of one item
 * @param mix relative weights of {@code error}, {@code transaction}, {@code ai_generation}
 * @param variants distinct request bodies pre-built (distinct error messages spread over this many groups)
 * @param protocol the wire protocol to speak
 * @param verify whether to count through REST, after the runs, what the in-process server stored
 */
public record LoadOptions(String target, Optional<String> db, Optional<String> url, Optional<String> key,
                          Optional<String> jar, List<String> serverJvmOpts, int connections, int warmupSeconds,
                          int durationSeconds, int runs, int items, int itemBytes, Map<String, Integer> mix,
                          int variants, Protocol protocol, boolean verify) {

    static final String HELP = """
            Usage: LoadGen [options]
              --target sluice|ceiling|both|url|spawn   what to load (default sluice)
              --db pg|URL            in-process store (default: SQLite in a temp dir; 'pg' = fresh schema in
                                     postgresql://sluice:sluice@127.0.0.1:5432/sluice_test)
              --url URL --key KEY    external server (target url)
              --jar PATH             server jar for target spawn (default sluice-server/target/sluice-server.jar)
              --server-jvm-opts S    JVM options for the spawned server (space separated)
              --connections N        keep-alive connections (default 64)
              --warmup S             seconds of unmeasured load before each run (default 3)
              --duration S           measured seconds per run (default 10, max 60)
              --runs N               runs per target; the median is reported too (default 3)
              --items N              items per request, 1..20 (default 1)
              --item-size BYTES      approx. JSON bytes per item, suffix k allowed (default 400)
              --mix e=W,t=W,a=W      weights of error / transaction / ai_generation (default e=1)
              --variants N           distinct pre-built bodies (default 64)
              --protocol P           opensentry (default); tailpoint (one task event per request, 500 dedupe
                                     keys); tracestax ({"events":[…]} of --items task events, 1..1000,
                                     unique task ids per send); sentry (gzip envelopes, X-Sentry-Auth, one
                                     --item-size event each, 50 issues); otlp (/v1/traces protobuf, one
                                     trace of --items spans, unique trace id per send). --mix: opensentry only
              --verify true          after the runs, count through REST what sluice stored (sentry, otlp,
                                     opensentry errors) and compare with the acknowledged items
              --help                 this text
            Loads 127.0.0.1 only (in-process and spawn targets bind loopback). Every run stops by itself.""";

    /** Parses {@code args}; empty when {@code --help} was asked for. */
    static Optional<LoadOptions> parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        List<String> jvm = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                return Optional.empty();
            }
            if (!name.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got: " + name);
            }
            a.put(name.substring(2), args[++i]);
        }
        if (a.containsKey("server-jvm-opts")) {
            jvm.addAll(List.of(a.remove("server-jvm-opts").trim().split("\\s+")));
        }
        LoadOptions o = new LoadOptions(a.getOrDefault("target", "sluice"), Optional.ofNullable(a.remove("db")),
                Optional.ofNullable(a.remove("url")), Optional.ofNullable(a.remove("key")),
                Optional.ofNullable(a.remove("jar")), jvm, intOf(a, "connections", 64), intOf(a, "warmup", 3),
                intOf(a, "duration", 10), intOf(a, "runs", 3), intOf(a, "items", 1), bytesOf(a.remove("item-size")),
                mixOf(a.remove("mix")), intOf(a, "variants", 64),
                Protocol.parse(Optional.ofNullable(a.remove("protocol")).orElse("opensentry")),
                Boolean.parseBoolean(Optional.ofNullable(a.remove("verify")).orElse("false")));
        a.remove("target");
        if (!a.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + a.keySet());
        }
        o.validate();
        return Optional.of(o);
    }

    private void validate() {
        if (!List.of("sluice", "ceiling", "both", "url", "spawn").contains(target)) {
            throw new IllegalArgumentException("unknown --target " + target);
        }
        if (target.equals("url") && (url.isEmpty() || key.isEmpty())) {
            throw new IllegalArgumentException("--target url needs --url and --key");
        }
        if (items < 1 || items > (protocol == Protocol.TRACESTAX || protocol == Protocol.OTLP ? 1000 : 20)) {
            throw new IllegalArgumentException("--items must be 1..20 (1..1000 for tracestax and otlp)");
        }
        if (connections < 1 || connections > 4096 || durationSeconds < 1 || durationSeconds > 60 || runs < 1
                || runs > 20 || warmupSeconds < 0 || warmupSeconds > 60 || variants < 1) {
            throw new IllegalArgumentException("connections 1..4096, duration 1..60, runs 1..20, warmup 0..60");
        }
        if ((long) items * itemBytes > 250_000) {
            throw new IllegalArgumentException("items x item-size exceeds the 256 KiB body limit");
        }
    }

    private static int intOf(Map<String, String> a, String name, int def) {
        String v = a.remove(name);
        return v == null ? def : Integer.parseInt(v);
    }

    private static int bytesOf(String v) {
        if (v == null) {
            return 400;
        }
        String s = v.toLowerCase(Locale.ROOT);
        return s.endsWith("k") ? Integer.parseInt(s.substring(0, s.length() - 1)) * 1024 : Integer.parseInt(s);
    }

    private static Map<String, Integer> mixOf(String v) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String part : (v == null ? "e=1" : v).split(",")) {
            String[] kv = part.split("=", 2);
            String kind = switch (kv[0].trim()) {
                case "e", "error" -> "error";
                case "t", "transaction" -> "transaction";
                case "a", "ai", "ai_generation" -> "ai_generation";
                default -> throw new IllegalArgumentException("unknown item kind in --mix: " + kv[0]);
            };
            m.put(kind, kv.length > 1 ? Integer.parseInt(kv[1].trim()) : 1);
        }
        return m;
    }
}
