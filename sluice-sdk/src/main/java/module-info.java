/**
 * The Sluice Java SDK. Only {@code dev.sluice.sdk} is exported; the engine in {@code dev.sluice.sdk.internal}
 * (channels, encoders, transport) is not part of the API and may change in any release.
 *
 * <p>Logging goes through {@link System.Logger} under the name {@code dev.sluice.sdk} (rate-limited: at most
 * one line per kind of problem every 10 s). Route it to SLF4J/Logback with {@code slf4j-jdk-platform-logging},
 * to Log4j with {@code log4j-jpl}, or silence it by setting that logger's level to {@code OFF}.
 */
module dev.sluice.sdk {
    requires java.net.http;
    requires static org.jspecify;

    exports dev.sluice.sdk;
}
