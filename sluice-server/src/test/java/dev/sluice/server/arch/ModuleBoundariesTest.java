package dev.sluice.server.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency arrows of DESIGN.md §2, checked on the sources: each module imports only what it may, and
 * third-party libraries appear only in the module that adapts them.
 */
class ModuleBoundariesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);

    /** Import prefixes each module's main code may use besides the JDK and itself. */
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "sluice-protocol", List.of(),
            "sluice-store", List.of("dev.sluice.protocol", "com.zaxxer.hikari", "org.slf4j",
                    "io.github.bucket4j"),
            "sluice-digest", List.of("dev.sluice.protocol", "dev.sluice.store", "com.cronutils"),
            "sluice-analytics", List.of("dev.sluice.protocol", "dev.sluice.store", "org.duckdb", "org.slf4j"),
            "sluice-query", List.of("dev.sluice.protocol", "dev.sluice.store", "dev.sluice.analytics",
                    "com.fasterxml.jackson"),
            "sluice-web", List.of("dev.sluice.protocol", "dev.sluice.store", "dev.sluice.query", "io.helidon",
                    "gg.jte", "io.github.bucket4j", "com.fasterxml.jackson", "org.slf4j",
                    "org.springframework.security.crypto"),
            "sluice-server", List.of("dev.sluice.", "io.helidon", "com.fasterxml.jackson", "io.micrometer",
                    "picocli", "org.slf4j", "com.google.protobuf", "com.github.benmanes.caffeine",
                    "io.github.bucket4j", "jakarta.mail", "javax.crypto", "javax.net.ssl", "io.opentelemetry.proto"));

    @Test
    void modulesImportOnlyWhatTheyMay() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<String>> module : ALLOWED.entrySet()) {
            Path src = ROOT.resolve(module.getKey()).resolve("src/main/java");
            String own = "dev.sluice." + module.getKey().substring("sluice-".length());
            try (Stream<Path> files = Files.walk(src)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = IMPORT.matcher(Files.readString(file));
                    while (m.find()) {
                        String imported = m.group(2);
                        boolean ok = imported.startsWith("java.") || imported.startsWith(own)
                                || module.getValue().stream().anyMatch(imported::startsWith);
                        if (!ok) {
                            violations.add(module.getKey() + ": " + ROOT.relativize(file) + " imports " + imported);
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void nothingDependsOnTheServer() throws IOException {
        for (String module : List.of("sluice-protocol", "sluice-store", "sluice-digest", "sluice-analytics",
                "sluice-query", "sluice-web")) {
            assertThat(Files.readString(ROOT.resolve(module).resolve("pom.xml")))
                    .as(module).doesNotContain("<artifactId>sluice-server</artifactId>");
        }
    }
}
