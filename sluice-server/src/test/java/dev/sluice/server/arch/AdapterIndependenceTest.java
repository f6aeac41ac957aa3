package dev.sluice.server.arch;

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
 * DESIGN.md §2: protocol adapter packages are independent of each other (shared pieces live in {@code ingest},
 * {@code http}, {@code auth}, …), and the ingest pipeline knows no adapter. Checked on imports and on fully
 * qualified references in the sources.
 */
class AdapterIndependenceTest {

    private static final Path SRC = Path.of("src/main/java/dev/sluice/server").toAbsolutePath();
    private static final List<String> ADAPTERS = List.of("opensentry", "tailpoint", "tracestax", "pug", "sentry", "otlp");
    private static final Pattern REF = Pattern.compile("dev\\.sluice\\.server\\.([a-z]+)\\.");

    @Test
    void adapterPackagesDoNotReferToEachOtherAndThePipelineToNone() throws IOException {
        List<String> violations = new ArrayList<>();
        List<String> checked = new ArrayList<>(ADAPTERS);
        checked.add("ingest");
        for (String pkg : checked) {
            Path dir = SRC.resolve(pkg);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = REF.matcher(Files.readString(file));
                    while (m.find()) {
                        String target = m.group(1);
                        if (!target.equals(pkg) && ADAPTERS.contains(target)) {
                            violations.add(pkg + ": " + file.getFileName() + " refers to " + target);
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
