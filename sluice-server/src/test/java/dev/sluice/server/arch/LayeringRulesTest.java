package dev.sluice.server.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md §2's layering, checked by ArchUnit on the compiled classes (so fully qualified references and
 * lambdas count too, which the source-level checks next to this one cannot see).
 */
class LayeringRulesTest {

    /** The protocol adapters: each talks to the shared pieces ({@code ingest}, {@code http}, …), never to another. */
    static final List<String> PROTOCOLS = List.of("opensentry", "tailpoint", "tracestax", "pug", "sentry", "otlp");

    static JavaClasses server;
    static JavaClasses serverAndWeb;

    @BeforeAll
    static void importClasses() {
        ClassFileImporter importer = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
        server = importer.importPackages("dev.sluice.server");
        serverAndWeb = importer.importPackages("dev.sluice.server", "dev.sluice.web");
    }

    @Test
    void serverPackagesAreFreeOfCycles() {
        slices().matching("dev.sluice.server.(*)..").should().beFreeOfCycles().check(server);
    }

    @Test
    void protocolPackagesAreIndependentOfEachOther() {
        for (String protocol : PROTOCOLS) {
            String[] others = PROTOCOLS.stream().filter(p -> !p.equals(protocol))
                    .map(p -> "dev.sluice.server." + p + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("dev.sluice.server." + protocol + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("a protocol is an adapter on the shared ingest pipeline").check(server);
        }
    }

    @Test
    void theIngestPipelineKnowsNoProtocol() {
        noClasses().that().resideInAPackage("dev.sluice.server.ingest..").should().dependOnClassesThat()
                .resideInAnyPackage(PROTOCOLS.stream().map(p -> "dev.sluice.server." + p + "..")
                        .toArray(String[]::new)).check(server);
    }

    @Test
    void noJdbcInTheServerOrTheWeb() {
        noClasses().should().dependOnClassesThat().resideInAPackage("java.sql..")
                .because("reads go through sluice-query, writes through the store").check(serverAndWeb);
    }

    /** The store's API is {@code Store}, its records and write interfaces; its JDBC plumbing is its own. */
    @Test
    void theServerDoesNotReachStoreInternals() {
        DescribedPredicate<JavaClass> internals = resideInAPackage("dev.sluice.store").and(
                simpleNameStartingWith("Jdbc").or(simpleNameStartingWith("Sqlite"))
                        .or(simpleNameStartingWith("Postgres")).or(simpleNameEndingWith("Sql"))
                        .or(simpleName("Migrations")).or(simpleName("StatementCache")).or(simpleName("JobBinds"))
                        .or(simpleName("LockOrder")).or(simpleName("AdvisoryLocks")));
        noClasses().should().dependOnClassesThat(internals.as("store internals (JDBC, dialects, migrations)"))
                .check(serverAndWeb);
    }

    /** The background runner is a leaf: the alert rules, the monitor sweep and retention use it, it knows none. */
    @Test
    void periodicIsALeaf() {
        classes().that().resideInAPackage("dev.sluice.server.periodic..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("dev.sluice.server.periodic..", "java..", "org.slf4j..").check(server);
    }
}
