package dev.questlog.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's layering (STYLE.md): stages depend on the event model, the configuration and each other's
 * interfaces, never on another stage's backend internals; only the assembly ({@code app}) and the CLI wire
 * implementations together.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.questlog");
    }

    private static final String[] BACKENDS = {"..log.local..", "..log.kafka..", "..lake.local..", "..lake.s3..",
            "..warehouse.duckdb..", "..warehouse.postgres.."};

    private static final ArchRule eventModelDependsOnNoStage = noClasses().that().resideInAPackage("dev.questlog.event..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.questlog.log..", "dev.questlog.ingest..",
                    "dev.questlog.lake..", "dev.questlog.warehouse..", "dev.questlog.hot..", "dev.questlog.live..",
                    "dev.questlog.heatmap..", "dev.questlog.web..", "dev.questlog.cli..", "dev.questlog.sim..",
                    "dev.questlog.app..")
            .allowEmptyShould(true);

    private static final ArchRule configDependsOnNoStage = noClasses().that().resideInAPackage("dev.questlog.config..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.questlog.log..", "dev.questlog.ingest..",
                    "dev.questlog.lake..", "dev.questlog.warehouse..", "dev.questlog.hot..", "dev.questlog.live..",
                    "dev.questlog.heatmap..", "dev.questlog.web..", "dev.questlog.cli..", "dev.questlog.sim..",
                    "dev.questlog.app..")
            .allowEmptyShould(true);

    private static final ArchRule onlyTheAssemblyAndCliKnowBackends = noClasses()
            .that().resideOutsideOfPackages("dev.questlog.app..", "dev.questlog.cli..", "..log.local..",
                    "..log.kafka..", "..lake.local..", "..lake.s3..", "..warehouse.duckdb..",
                    "..warehouse.postgres..")
            .should().dependOnClassesThat().resideInAnyPackage(BACKENDS)
            .allowEmptyShould(true);

    private static final ArchRule cliIsALeaf = noClasses().that().resideOutsideOfPackage("dev.questlog.cli..")
            .should().dependOnClassesThat().resideInAPackage("dev.questlog.cli..")
            .allowEmptyShould(true);

    @Test
    void theEventModelDependsOnNoStage() {
        eventModelDependsOnNoStage.check(classes);
    }

    @Test
    void theConfigurationDependsOnNoStage() {
        configDependsOnNoStage.check(classes);
    }

    @Test
    void onlyTheAssemblyAndTheCliKnowBackends() {
        onlyTheAssemblyAndCliKnowBackends.check(classes);
    }

    @Test
    void nothingDependsOnTheCli() {
        cliIsALeaf.check(classes);
    }
}
