package dev.sluice.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.protocol.MonitorConfig;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MonitorScheduleTest {

    static MonitorConfig crontab(String expression, String zone) {
        return new MonitorConfig("crontab", expression, 1, 30, zone);
    }

    static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void crontabIsReadInTheMonitorsZone() {
        // 09:00 in Berlin is 08:00 UTC in winter (CET, +01:00).
        assertThat(MonitorSchedule.next(crontab("0 9 * * *", "Europe/Berlin"), at("2026-11-30T08:00:00Z")))
                .isEqualTo(OptionalLong.of(at("2026-12-01T08:00:00Z")));
        assertThat(MonitorSchedule.next(crontab("0 9 * * *", "UTC"), at("2026-11-30T08:00:00Z")))
                .isEqualTo(OptionalLong.of(at("2026-11-30T09:00:00Z")));
        assertThat(MonitorSchedule.next(crontab("@hourly", "UTC"), at("2026-11-30T08:00:01Z")))
                .isEqualTo(OptionalLong.of(at("2026-11-30T09:00:00Z")));
        assertThat(MonitorSchedule.next(crontab("*/15 * * * 1-5", "UTC"), at("2026-11-28T10:00:00Z")))
                .as("Saturday: next is Monday 00:00").isEqualTo(OptionalLong.of(at("2026-11-30T00:00:00Z")));
    }

    @Test
    void intervalsCountFromTheLastStart() {
        MonitorConfig every = new MonitorConfig("interval", "2 hour", 1, 30, "UTC");
        assertThat(MonitorSchedule.next(every, at("2026-11-30T08:13:00Z")))
                .isEqualTo(OptionalLong.of(at("2026-11-30T10:13:00Z")));
        MonitorConfig monthly = new MonitorConfig("interval", "1 month", 1, 30, "UTC");
        assertThat(MonitorSchedule.next(monthly, at("2026-01-31T00:00:00Z")))
                .isEqualTo(OptionalLong.of(at("2026-02-28T00:00:00Z")));
        assertThat(MonitorSchedule.next(MonitorSchedule.NONE, 0)).isEmpty();
    }

    @Test
    void badSchedulesAreNamed() {
        assertThatThrownBy(() -> MonitorSchedule.validate(crontab("61 * * * *", "UTC"))).hasMessageContaining("crontab");
        assertThatThrownBy(() -> MonitorSchedule.validate(crontab("* * *", "UTC"))).hasMessageContaining("crontab");
        assertThatThrownBy(() -> MonitorSchedule.validate(crontab("* * * * *", "Nowhere/Town")))
                .hasMessageContaining("timezone");
        assertThatThrownBy(() -> MonitorSchedule.validate(new MonitorConfig("interval", "3 fortnight", 1, 30, "UTC")))
                .hasMessageContaining("interval");
        assertThatThrownBy(() -> MonitorSchedule.validate(new MonitorConfig("interval", "x hour", 1, 30, "UTC")))
                .hasMessageContaining("interval");
        assertThatThrownBy(() -> MonitorSchedule.validate(new MonitorConfig("interval", "1 hour", 1, 0, "UTC")))
                .hasMessageContaining("max_runtime");
        assertThatThrownBy(() -> MonitorSchedule.validate(new MonitorConfig("solar", "", 1, 30, "UTC")))
                .hasMessageContaining("schedule type");
        MonitorSchedule.validate(crontab("@daily", "America/New_York"));
    }
}
