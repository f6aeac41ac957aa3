package dev.sluice.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §2: the SDK's main code uses only the JDK, itself and JSpecify's annotations, and its pom declares
 * no runtime dependency (JSpecify is optional: annotations whose class is missing are ignored by the JVM).
 */
class ImportBoundaryTest {

    private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);

    @Test
    void mainCodeImportsOnlyTheJdkAndItself() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    String imp = m.group(2);
                    if (!imp.startsWith("java.") && !imp.startsWith("dev.sluice.sdk")
                            && !imp.startsWith("org.jspecify.annotations.")) {
                        violations.add(f + " imports " + imp);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void pomHasNoRuntimeDependencies() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher deps = Pattern.compile("<dependency>(.*?)</dependency>", Pattern.DOTALL).matcher(pom);
        List<String> runtime = new ArrayList<>();
        while (deps.find()) {
            if (!deps.group(1).contains("<optional>true</optional>") && !deps.group(1).contains("<scope>test</scope>")) {
                runtime.add(deps.group(1));
            }
        }
        assertThat(runtime).isEmpty();
        assertThat(pom).contains("<artifactId>jspecify</artifactId>");
    }
}
