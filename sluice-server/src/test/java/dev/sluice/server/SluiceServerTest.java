package dev.sluice.server;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.ClassTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs every test of the class once per store: a test (or its {@code @BeforeEach}) that takes a
 * {@link TestServer} parameter gets a real server on a free loopback port over a fresh SQLite file or a fresh
 * PostgreSQL schema, closed after the test (or after the class's last test of that store with
 * {@link #shareServer()}). A {@link StoreKind} parameter tells which store it is.
 *
 * <pre>{@code
 * @SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
 * class MyContractTest {
 *     TestServer s;
 *     @BeforeEach void start(TestServer server) { s = server; }
 * }
 * }</pre>
 *
 * <p>It lives in sluice-server's test jar, not in sluice-test-support, because it starts the server:
 * sluice-test-support must stay below every module so their tests can use it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ClassTemplate
@ExtendWith(SluiceServerExtension.class)
public @interface SluiceServerTest {

    /** Which stores the class runs against. */
    Stores stores() default Stores.BOTH;

    /**
     * One server per store for the whole class instead of one per test: much faster on PostgreSQL, for classes
     * whose tests do not assume an empty store (each uses its own project, ids or relative counts).
     */
    boolean shareServer() default false;

    /** The store choices. */
    enum Stores {
        SQLITE, POSTGRESQL, BOTH
    }
}
