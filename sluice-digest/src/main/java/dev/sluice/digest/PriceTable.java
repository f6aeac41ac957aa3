package dev.sluice.digest;

import dev.sluice.protocol.ClientCost;
import dev.sluice.protocol.GenerationItem;
import dev.sluice.protocol.TokenUsage;
import dev.sluice.store.GenerationRow.Cost;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * LLM prices in USD per million tokens, shipped as {@code prices-v<N>.tsv} and versioned: a stored cost
 * names the table version that produced it. Models match by the longest listed prefix, so dated snapshots
 * ({@code gpt-4o-2024-08-06}) price like their family; an OpenRouter-style {@code vendor/model} name is
 * looked up by its model part.
 */
public final class PriceTable {

    private final String version;
    private final List<Price> prices;

    private PriceTable(String version, List<Price> prices) {
        this.version = version;
        this.prices = prices.stream().sorted(Comparator.comparingInt((Price p) -> p.model.length()).reversed())
                .toList();
    }

    /** The table shipped with this build. */
    public static PriceTable shipped() {
        return load("v1");
    }

    static PriceTable load(String version) {
        String resource = "prices-" + version + ".tsv";
        try (InputStream in = PriceTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing price table " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Price> prices = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                prices.add(new Price(f[0], f[1], Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        Double.parseDouble(f[4]), Double.parseDouble(f[5]), Boolean.parseBoolean(f[6])));
            }
            return new PriceTable(version, prices);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The table's version, as in {@code price-table:v1}. */
    public String version() {
        return version;
    }

    /**
     * One listed price, USD per million tokens, for showing the table (the dashboard's AI page).
     *
     * @param model a model name prefix: dated snapshots price like their family
     */
    public record Listed(String provider, String model, double input, double output, double cachedInput,
                         double cacheWrite) {
    }

    /** Every price of the table, by provider and model. */
    public List<Listed> listed() {
        return prices.stream().map(p -> new Listed(p.provider, p.model, p.input, p.output, p.cachedInput,
                p.cacheWrite)).sorted(Comparator.comparing(Listed::provider).thenComparing(Listed::model)).toList();
    }

    /** A resolved cost and where it came from. */
    public record Resolved(Cost cost, String source) {
    }

    /** The client's cost when it sent any, else the table's, else unknown. */
    public Resolved resolve(GenerationItem item) {
        ClientCost client = item.clientCost();
        if (client.total().isPresent() || client.input().isPresent() || client.output().isPresent()) {
            double input = client.input().orElse(0);
            double output = client.output().orElse(0);
            double total = client.total().orElse(input + output);
            return new Resolved(new Cost(true, input, output, total), "client");
        }
        return find(item.provider(), item.model())
                .map(p -> new Resolved(p.cost(item.tokens()), "price-table:" + version))
                .orElse(new Resolved(new Cost(false, 0, 0, 0), "unknown"));
    }

    Optional<Price> find(String provider, String model) {
        String m = model.toLowerCase(Locale.ROOT);
        int slash = m.lastIndexOf('/');
        String bare = slash >= 0 ? m.substring(slash + 1) : m;
        String p = provider.toLowerCase(Locale.ROOT);
        Optional<Price> exactProvider = prices.stream()
                .filter(x -> x.provider.equals(p) && bare.startsWith(x.model)).findFirst();
        return exactProvider.or(() -> prices.stream().filter(x -> bare.startsWith(x.model)).findFirst());
    }

    /**
     * One row of the table.
     *
     * @param inputIncludesCache whether the provider's input count already contains cached and cache-write
     *     tokens (OpenAI, Google) or lists them separately (Anthropic)
     */
    record Price(String provider, String model, double input, double output, double cachedInput,
                 double cacheWrite, boolean inputIncludesCache) {

        Cost cost(TokenUsage t) {
            long plainInput = inputIncludesCache
                    ? Math.max(0, t.input() - t.cachedInput() - t.cacheWrite())
                    : t.input();
            double in = (plainInput * input + t.cachedInput() * cachedInput + t.cacheWrite() * cacheWrite) / 1e6;
            double out = t.output() * output / 1e6;
            return new Cost(true, in, out, in + out);
        }
    }
}
