package dev.sluice.web.page;

import dev.sluice.web.Dashboard;
import io.helidon.common.Builder;
import io.helidon.http.Method;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRoute;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpSecurity;
import io.helidon.webserver.http.HttpService;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The routing every page class registers on: it passes each route on to the real routing and writes down its
 * method and path, so the authorization test can walk every dashboard route, including ones added later,
 * without anyone keeping a list. A route added in a way that hides its path is recorded as opaque, which that
 * test refuses.
 */
final class RouteRecorder implements HttpRouting.Builder {

    static final String OPAQUE = "<opaque>";

    private final HttpRouting.Builder delegate;
    private final List<Dashboard.Route> routes = new ArrayList<>();

    RouteRecorder(HttpRouting.Builder delegate) {
        this.delegate = delegate;
    }

    List<Dashboard.Route> routes() {
        return List.copyOf(routes);
    }

    @Override
    public HttpRouting.Builder route(Method method, String pathPattern, Handler handler) {
        routes.add(new Dashboard.Route(method.text(), pathPattern));
        delegate.route(method, pathPattern, handler);
        return this;
    }

    @Override
    public HttpRouting.Builder route(HttpRoute route) {
        routes.add(new Dashboard.Route("*", OPAQUE));
        delegate.route(route);
        return this;
    }

    @Override
    public HttpRouting.Builder register(HttpService... services) {
        routes.add(new Dashboard.Route("*", OPAQUE));
        delegate.register(services);
        return this;
    }

    @Override
    public HttpRouting.Builder register(String path, HttpService... services) {
        routes.add(new Dashboard.Route("*", OPAQUE));
        delegate.register(path, services);
        return this;
    }

    @Override
    public HttpRouting.Builder addFilter(Filter filter) {
        delegate.addFilter(filter);
        return this;
    }

    @Override
    public HttpRouting.Builder addFeature(Supplier<? extends HttpFeature> feature) {
        delegate.addFeature(feature);
        return this;
    }

    @Override
    public <T extends Throwable> HttpRouting.Builder error(Class<T> exceptionClass, ErrorHandler<? super T> handler) {
        delegate.error(exceptionClass, handler);
        return this;
    }

    @Override
    public HttpRouting.Builder maxReRouteCount(int maxReRouteCount) {
        delegate.maxReRouteCount(maxReRouteCount);
        return this;
    }

    @Override
    public HttpRouting.Builder security(HttpSecurity security) {
        delegate.security(security);
        return this;
    }

    @Override
    public HttpRouting.Builder copy() {
        return new RouteRecorder(delegate.copy());
    }

    @Override
    public HttpRouting build() {
        return delegate.build();
    }
}
