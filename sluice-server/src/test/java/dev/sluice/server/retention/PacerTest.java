package dev.sluice.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacerTest {

    private static final long MS = 1_000_000L;

    @Test
    void slowBatchesShrinkDownToTheFloor() {
        Pacer p = new Pacer(1000, 50, 5000, Duration.ofMillis(20), Duration.ofMillis(5));
        p.done(200 * MS);
        assertThat(p.size()).isEqualTo(500);
        for (int i = 0; i < 10; i++) {
            p.done(200 * MS);
        }
        assertThat(p.size()).isEqualTo(50);
    }

    @Test
    void fastBatchesGrowUpToTheCeilingAndOnTargetOnesStay() {
        Pacer p = new Pacer(1000, 50, 5000, Duration.ofMillis(20), Duration.ofMillis(5));
        p.done(15 * MS);
        assertThat(p.size()).isEqualTo(1000);
        p.done(2 * MS);
        assertThat(p.size()).isEqualTo(1500);
        for (int i = 0; i < 10; i++) {
            p.done(2 * MS);
        }
        assertThat(p.size()).isEqualTo(5000);
    }

    @Test
    void pauseIsAtLeastTheBatchSoIngestGetsHalfTheWriter() {
        Pacer p = new Pacer(1000, 50, 5000, Duration.ofMillis(20), Duration.ofMillis(5));
        assertThat(p.done(1 * MS)).isEqualTo(5 * MS);
        assertThat(p.done(300 * MS)).isEqualTo(300 * MS);
    }

    @Test
    void initialSizeIsClamped() {
        assertThat(new Pacer(10, 50, 5000, Duration.ofMillis(20), Duration.ZERO).size()).isEqualTo(50);
        assertThat(new Pacer(9000, 50, 5000, Duration.ofMillis(20), Duration.ZERO).size()).isEqualTo(5000);
    }
}
