package dev.sluice.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContext;
import org.junit.jupiter.api.extension.ClassTemplateInvocationContextProvider;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The engine behind {@link SluiceServerTest}: one class invocation per store, a server per test method or, with
 * {@code shareServer}, per class invocation. (JUnit runs {@code @BeforeAll} once for all invocations of a class
 * template, so a shared server is resolved in {@code @BeforeEach} or the test, never in {@code @BeforeAll}.)
 */
final class SluiceServerExtension implements ClassTemplateInvocationContextProvider {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SluiceServerExtension.class);

    @Override
    public boolean supportsClassTemplate(ExtensionContext context) {
        return context.getRequiredTestClass().isAnnotationPresent(SluiceServerTest.class);
    }

    @Override
    public Stream<ClassTemplateInvocationContext> provideClassTemplateInvocationContexts(ExtensionContext context) {
        return kinds(context).stream().map(Invocation::new);
    }

    private static boolean supportedType(ParameterContext p) {
        Class<?> type = p.getParameter().getType();
        return type == TestServer.class || type == StoreKind.class;
    }

    private static List<StoreKind> kinds(ExtensionContext context) {
        SluiceServerTest.Stores stores = context.getRequiredTestClass().getAnnotation(SluiceServerTest.class).stores();
        return switch (stores) {
            case SQLITE -> List.of(StoreKind.SQLITE);
            case POSTGRESQL -> List.of(StoreKind.POSTGRESQL);
            case BOTH -> List.of(StoreKind.SQLITE, StoreKind.POSTGRESQL);
        };
    }

    private record Invocation(StoreKind kind) implements ClassTemplateInvocationContext {
        @Override
        public String getDisplayName(int invocationIndex) {
            return "[" + kind.name().toLowerCase(java.util.Locale.ROOT) + "]";
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new Resolver(kind));
        }
    }

    /** Hands a test its store kind, and a server that lives as long as the test method. */
    private record Resolver(StoreKind kind) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            return supportedType(p);
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            if (p.getParameter().getType() == StoreKind.class) {
                return kind;
            }
            // Stored under the test method's context: JUnit closes it when the test ends, after @AfterEach. A
            // shared server is stored under the class invocation of this store, closed after its last test.
            ExtensionContext owner = e;
            if (e.getRequiredTestClass().getAnnotation(SluiceServerTest.class) != null
                    && e.getRequiredTestClass().getAnnotation(SluiceServerTest.class).shareServer()) {
                while (owner.getTestMethod().isPresent() && owner.getParent().isPresent()) {
                    owner = owner.getParent().get();
                }
            }
            return owner.getStore(NS).computeIfAbsent(TestServerHolder.class, k -> new TestServerHolder(kind),
                    TestServerHolder.class).server;
        }
    }

    /** A server and its temp directory, both gone when the test's context closes. */
    private static final class TestServerHolder implements AutoCloseable {
        final Path dir;
        final TestServer server;

        TestServerHolder(StoreKind kind) {
            try {
                dir = Files.createTempDirectory("sluice-server-test-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server = kind.start(dir);
        }

        @Override
        public void close() throws IOException {
            server.close();
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
