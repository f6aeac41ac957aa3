package dev.sluice.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.protocol.ClientCost;
import dev.sluice.protocol.GenerationItem;
import dev.sluice.protocol.TokenUsage;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PriceTableTest {

    private final PriceTable table = PriceTable.shipped();

    static GenerationItem gen(String provider, String model, TokenUsage tokens, ClientCost cost) {
        return new GenerationItem(provider, model, tokens, cost, OptionalLong.empty(), OptionalLong.empty(), "ok",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), "{}");
    }

    @Test
    void computesFromTheTableWhenTheClientSendsNoCost() {
        PriceTable.Resolved r = table.resolve(gen("openai", "gpt-4o-mini",
                new TokenUsage(1_000_000, 1_000_000, 2_000_000, 0, 0), ClientCost.none()));
        assertThat(r.source()).isEqualTo("price-table:v1");
        assertThat(r.cost().input()).isCloseTo(0.15, within(1e-12));
        assertThat(r.cost().output()).isCloseTo(0.60, within(1e-12));
        assertThat(r.cost().total()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void datedSnapshotsPriceLikeTheirFamilyAndLongestPrefixWins() {
        TokenUsage t = new TokenUsage(1_000_000, 0, 1_000_000, 0, 0);
        assertThat(table.resolve(gen("openai", "gpt-4o-2024-08-06", t, ClientCost.none())).cost().total())
                .isCloseTo(2.50, within(1e-12));
        assertThat(table.resolve(gen("openai", "gpt-4o-mini-2024-07-18", t, ClientCost.none())).cost().total())
                .isCloseTo(0.15, within(1e-12));
        assertThat(table.resolve(gen("openrouter", "anthropic/claude-3-5-sonnet", t, ClientCost.none())).cost().total())
                .isCloseTo(3.00, within(1e-12));
    }

    @Test
    void cachedTokensAreCountedPerProviderConvention() {
        // OpenAI's input count includes cached tokens: 600k plain at 2.50 + 400k cached at 1.25.
        TokenUsage openai = new TokenUsage(1_000_000, 0, 1_000_000, 400_000, 0);
        assertThat(table.resolve(gen("openai", "gpt-4o", openai, ClientCost.none())).cost().input())
                .isCloseTo(0.6 * 2.50 + 0.4 * 1.25, within(1e-12));
        // Anthropic lists cache reads and writes beside input.
        TokenUsage anthropic = new TokenUsage(1_000_000, 0, 1_000_000, 1_000_000, 1_000_000);
        assertThat(table.resolve(gen("anthropic", "claude-sonnet-4-20250514", anthropic, ClientCost.none())).cost()
                .input()).isCloseTo(3.00 + 0.30 + 3.75, within(1e-12));
    }

    @Test
    void clientCostWinsAndTotalDefaultsToTheSumOfParts() {
        ClientCost parts = new ClientCost(OptionalDouble.of(0.1), OptionalDouble.of(0.2), OptionalDouble.empty());
        PriceTable.Resolved r = table.resolve(gen("openai", "gpt-4o", new TokenUsage(1, 1, 2, 0, 0), parts));
        assertThat(r.source()).isEqualTo("client");
        assertThat(r.cost().total()).isCloseTo(0.3, within(1e-12));
        ClientCost total = new ClientCost(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(9.0));
        assertThat(table.resolve(gen("x", "y", new TokenUsage(1, 1, 2, 0, 0), total)).cost().total()).isEqualTo(9.0);
    }

    @Test
    void unknownModelHasUnknownCost() {
        PriceTable.Resolved r = table.resolve(gen("acme", "mystery-1", new TokenUsage(5, 5, 10, 0, 0),
                ClientCost.none()));
        assertThat(r.source()).isEqualTo("unknown");
        assertThat(r.cost().known()).isFalse();
    }
}
