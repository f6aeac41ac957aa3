package dev.sluice.protocol;

import java.util.OptionalDouble;

/** Costs in USD as reported by the client, each optional. */
public record ClientCost(OptionalDouble input, OptionalDouble output, OptionalDouble total) {

    /** No cost reported. */
    public static ClientCost none() {
        return new ClientCost(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());
    }
}
