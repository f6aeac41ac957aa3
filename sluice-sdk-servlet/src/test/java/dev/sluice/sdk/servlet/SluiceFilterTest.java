package dev.sluice.sdk.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.sdk.Family;
import dev.sluice.sdk.Sluice;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SluiceFilterTest {

    private static HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(SluiceFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                    case "getMethod" -> "POST";
                    case "getRequestURI" -> "/orders";
                    default -> null;
                });
    }

    private static Sluice deadEndSluice() {
        // a closed loopback port: captures are accepted and counted; delivery is not what is tested here
        return Sluice.builder().endpoint("http://127.0.0.1:9").openSentryKey("os_x").tailpointKey("trk_live_x")
                .build();
    }

    @Test
    void capturesAndRethrowsTheSameException() {
        try (Sluice sluice = deadEndSluice()) {
            SluiceFilter filter = new SluiceFilter(sluice);
            IllegalStateException boom = new IllegalStateException("handler failed");
            FilterChain chain = (req, res) -> {
                throw boom;
            };
            assertThatThrownBy(() -> filter.doFilter(request(), (ServletResponse) null, chain)).isSameAs(boom);
            assertThat(sluice.stats().of(Family.ERRORS).accepted()).isEqualTo(1);
            assertThat(sluice.stats().of(Family.TASKS).accepted()).isEqualTo(1);
            sluice.close(Duration.ofMillis(10));
        }
    }

    @Test
    void servletExceptionsAreRethrownAndSuccessfulRequestsCaptureNothing() throws Exception {
        try (Sluice sluice = deadEndSluice()) {
            SluiceFilter filter = new SluiceFilter(sluice);
            ServletException se = new ServletException("wrapped", new IllegalArgumentException("root"));
            assertThatThrownBy(() -> filter.doFilter(request(), null, (req, res) -> {
                throw se;
            })).isSameAs(se);
            filter.doFilter(request(), null, (req, res) -> { });
            assertThat(sluice.stats().of(Family.ERRORS).accepted()).isEqualTo(1);
            sluice.close(Duration.ofMillis(10));
        }
    }

    @Test
    void withoutAGlobalClientTheFilterIsTransparent() {
        SluiceFilter filter = new SluiceFilter();
        RuntimeException boom = new RuntimeException("x");
        assertThatThrownBy(() -> filter.doFilter(request(), null, (req, res) -> {
            throw boom;
        })).isSameAs(boom);
    }
}
