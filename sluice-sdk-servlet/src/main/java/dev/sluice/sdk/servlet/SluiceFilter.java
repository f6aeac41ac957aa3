package dev.sluice.sdk.servlet;

import dev.sluice.sdk.ErrorOptions;
import dev.sluice.sdk.Family;
import dev.sluice.sdk.Level;
import dev.sluice.sdk.ScopeHandle;
import dev.sluice.sdk.Sluice;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Gives every request its own error scope and captures request failures — as an Open Sentry error and, when
 * Tailpoint is configured, a task — then rethrows them unchanged, so the container's error handling still runs.
 * User, tags and breadcrumbs set through {@code sluice.errors()} while a request runs belong to that request
 * only (see {@link dev.sluice.sdk.Scope}). The equivalent of Tailpoint's
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

    /** Uses the given client. */
    public SluiceFilter(Sluice sluice) {
        Optional<Sluice> s = Optional.of(sluice);
        this.sluice = () -> s;
    }

    /**
     * Runs the request in its own error scope (a fork of the thread's scope, discarded afterwards), tagged
     * with {@code http.method} and {@code http.route}; captures a failure, then rethrows it unchanged.
     */
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<Sluice> s = sluice.get();
        if (s.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        try (ScopeHandle scope = s.get().errors().pushScope()) {
            if (request instanceof HttpServletRequest http) {
                scope.scope().setTag("http.method", http.getMethod());
                scope.scope().setTag("http.route", http.getRequestURI());
            }
            try {
                chain.doFilter(request, response);
            } catch (IOException | ServletException | RuntimeException | Error e) {
                capture(s.get(), request, e);
                throw e;
            }
        }
    }

    private static void capture(Sluice s, ServletRequest request, Throwable failure) {
        try {
            Throwable cause = failure instanceof ServletException se && se.getRootCause() != null
                    ? se.getRootCause() : failure;
            if (s.isConfigured(Family.ERRORS)) {
                s.errors().captureException(cause, Level.ERROR); // the request's tags are in its scope
            }
            if (s.isConfigured(Family.TASKS)) {
                ErrorOptions.Builder o = ErrorOptions.builder();
                if (request instanceof HttpServletRequest http) {
                    o.metadata("http.method", http.getMethod()).metadata("http.route", http.getRequestURI());
                }
                s.tasks().captureError(cause, o.build());
            }
        } catch (Throwable ignored) { // reporting must never replace the request's own failure
        }
    }
}
