package dev.sluice.bench.sdk;

import com.posthog.server.PostHog;
import com.posthog.server.PostHogCaptureOptions;
import com.posthog.server.PostHogConfig;
import com.posthog.server.PostHogInterface;
import dev.sluice.sdk.Sluice;
import io.sentry.Sentry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-call cost on the application thread of {@code track()} and {@code captureException()}: the Sluice SDK
 * against the official PostHog Java client ({@code com.posthog:posthog-server}) and the Sentry Java SDK
 * ({@code io.sentry:sentry}), all in one run, all posting to the same loopback no-op endpoint.
 *
 * <p>Run: {@code java -cp 'sluice-bench/target/classes:sluice-bench/target/lib/*' org.openjdk.jmh.Main SdkCallBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SdkCallBench {

    private NoOpEndpoint endpoint;
    private Sluice sluice;
    private PostHogInterface posthog;
    private final Map<String, Object> props = Map.of("plan", "pro", "seats", 3, "trial", false);
    private PostHogCaptureOptions posthogOptions;
    private RuntimeException error;

    @Setup(Level.Trial)
    public void setUp() {
        endpoint = new NoOpEndpoint();
        sluice = Sluice.builder().endpoint(endpoint.url()).pugKey("prv_bench").openSentryKey("os_bench").build();
        posthog = PostHog.with(new PostHogConfig.Builder("phc_bench").host(endpoint.url()).build());
        posthogOptions = new PostHogCaptureOptions.Builder().properties(props).build();
        Sentry.init(o -> {
            o.setDsn("http://key@127.0.0.1:" + endpoint.port() + "/1");
            o.setEnableUncaughtExceptionHandler(false);
        });
        error = new IllegalStateException("payment declined for order 42"); // made once: creating it is the app's cost
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sluice.close(Duration.ofSeconds(2));
        posthog.close();
        Sentry.close();
        endpoint.close();
    }

    @Benchmark
    public void sluiceTrack() {
        sluice.track("user-42", "plan_changed", props);
    }

    @Benchmark
    public void posthogCapture() {
        posthog.capture("user-42", "plan_changed", posthogOptions);
    }

    @Benchmark
    public void sluiceCaptureException() {
        sluice.captureException(error);
    }

    @Benchmark
    public void sentryCaptureException() {
        Sentry.captureException(error);
    }
}
