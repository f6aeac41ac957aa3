package dev.sluice.sdk.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import dev.sluice.sdk.Family;
import dev.sluice.sdk.Sluice;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SluiceAppenderTest {

    @Test
    void onlyErrorEventsWithThrowablesBecomeCaptures() {
        try (Sluice sluice = Sluice.builder().endpoint("http://127.0.0.1:9").tailpointKey("trk_live_x").build()) {
            LoggerContext ctx = new LoggerContext();
            SluiceAppender appender = new SluiceAppender(sluice);
            appender.setContext(ctx);
            appender.start();
            Logger log = ctx.getLogger("orders");
            log.addAppender(appender);

            log.error("payment failed for {}", "o-1", new IllegalStateException("declined"));
            log.error("no throwable here");
            log.warn("a warning", new RuntimeException("ignored"));
            log.info("info");

            assertThat(sluice.stats().of(Family.TASKS).accepted()).isEqualTo(1);
            sluice.close(Duration.ofMillis(10));
        }
    }
}
