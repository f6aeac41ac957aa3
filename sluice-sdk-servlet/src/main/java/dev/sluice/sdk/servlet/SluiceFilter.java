package dev.sluice.sdk.servlet;

import dev.sluice.sdk.ErrorOptions;
import dev.sluice.sdk.Family;
import dev.sluice.sdk.Level;
import dev.sluice.sdk.Sluice;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Captures request failures — as an Open Sentry error and, when Tailpoint is configured, a task — then
 * rethrows them unchanged, so the container's error handling still runs. The equivalent of Tailpoint's
 * Express {@code errorHandler}, except that it never answers the request itself.
 *
 * <p>Register it first in the chain. With the no-argument constructor it uses {@link Sluice#global()}.
 */
public final class SluiceFilter implements Filter {

    private final Supplier<Optional<Sluice>> sluice;

    /** Uses the client set by {@link Sluice#init}. */
    public SluiceFilter() {
        this.sluice = Sluice::global;
    }

    public SluiceFilter(Sluice sluice) {
        Optional<Sluice> s = Optional.of(sluice);
        this.sluice = () -> s;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            capture(request, e);
            throw e;
        }
    }

    private void capture(ServletRequest request, Throwable failure) {
        try {
            Optional<Sluice> s = sluice.get();
            if (s.isEmpty()) {
                return;
            }
            Throwable cause = failure instanceof ServletException se && se.getRootCause() != null
                    ? se.getRootCause() : failure;
            Map<String, String> tags = new LinkedHashMap<>();
            if (request instanceof HttpServletRequest http) {
                tags.put("http.method", http.getMethod());
                tags.put("http.route", http.getRequestURI());
            }
            if (s.get().isConfigured(Family.ERRORS)) {
                s.get().errors().captureException(cause, Level.ERROR, tags);
            }
            if (s.get().isConfigured(Family.TASKS)) {
                ErrorOptions.Builder o = ErrorOptions.builder();
                tags.forEach(o::metadata);
                s.get().tasks().captureError(cause, o.build());
            }
        } catch (Throwable ignored) { // reporting must never replace the request's own failure
        }
    }
}
