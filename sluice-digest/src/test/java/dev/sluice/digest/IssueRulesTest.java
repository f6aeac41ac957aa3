package dev.sluice.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.digest.IssueRules.Transition;
import dev.sluice.store.IssueState;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IssueRulesTest {

    static IssueState state(String status, Optional<String> inRelease, OptionalLong until, OptionalLong untilCount,
                            OptionalLong users, long count) {
        return new IssueState("i", "f", false, "t", "error", count, status, inRelease, until, untilCount, users, 0,
                Optional.empty());
    }

    static final OptionalLong NONE = OptionalLong.empty();

    @Test
    void resolvedRegressesOnAnyEventUnlessResolvedInARelease() {
        assertThat(IssueRules.decide(state("resolved", Optional.empty(), NONE, NONE, NONE, 2), Set.of(), 0, 0))
                .isEqualTo(Transition.REGRESSED);
        IssueState inRelease = state("resolved", Optional.of("1.0"), NONE, NONE, NONE, 2);
        assertThat(IssueRules.decide(inRelease, Set.of(), 0, 0)).isEqualTo(Transition.NONE);
        assertThat(IssueRules.decide(inRelease, Set.of("1.0"), 0, 0)).isEqualTo(Transition.NONE);
        assertThat(IssueRules.decide(inRelease, Set.of("1.0", "1.1"), 0, 0)).isEqualTo(Transition.REGRESSED);
    }

    @Test
    void ignoresEndWhenAConditionRunsOut() {
        assertThat(IssueRules.decide(state("ignored", Optional.empty(), NONE, NONE, NONE, 99), Set.of(), 99, 1L << 60))
                .isEqualTo(Transition.NONE);
        IssueState untilTime = state("ignored", Optional.empty(), OptionalLong.of(1000), NONE, NONE, 5);
        assertThat(IssueRules.decide(untilTime, Set.of(), 0, 999)).isEqualTo(Transition.NONE);
        assertThat(IssueRules.decide(untilTime, Set.of(), 0, 1000)).isEqualTo(Transition.ESCALATING);
        assertThat(IssueRules.decide(state("ignored", Optional.empty(), NONE, OptionalLong.of(10), NONE, 9),
                Set.of(), 0, 0)).isEqualTo(Transition.NONE);
        assertThat(IssueRules.decide(state("ignored", Optional.empty(), NONE, OptionalLong.of(10), NONE, 10),
                Set.of(), 0, 0)).isEqualTo(Transition.ESCALATING);
        IssueState users = state("ignored", Optional.empty(), NONE, NONE, OptionalLong.of(3), 10);
        assertThat(IssueRules.decide(users, Set.of(), 2, 0)).isEqualTo(Transition.NONE);
        assertThat(IssueRules.decide(users, Set.of(), 3, 0)).isEqualTo(Transition.ESCALATING);
        assertThat(IssueRules.decide(state("unresolved", Optional.empty(), NONE, NONE, NONE, 1), Set.of("x"), 0, 0))
                .isEqualTo(Transition.NONE);
    }

    @Test
    void userKeysHashTheUserObject() {
        assertThat(UserKeys.of("{\"user\":{\"id\":\"u1\"}}")).isEqualTo(UserKeys.of("{\"a\":1,\"user\":{\"id\":\"u1\"}}"));
        assertThat(UserKeys.of("{\"user\":{\"id\":\"u1\"}}")).isNotEqualTo(UserKeys.of("{\"user\":{\"id\":\"u2\"}}"));
        assertThat(UserKeys.of("{\"x\":1}")).isEmpty();
    }
}
