package com.marketbars.ingest.architecture;

import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.dlq.ReporterThatMarksTheBatch;
import com.marketbars.ingest.model.ModelTypeThatReachesUp;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The package rules of docs/design.md#layout hold for the product's classes (the specs' classes are not held to them). */
class PackageRulesTest {
    static JavaClasses product;

    @BeforeAll
    static void importTheProduct() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(PackageRules.ROOT);
    }

    @Test
    void thePackagesFormADirectedAcyclicGraph() {
        PackageRules.PACKAGES_FORM_A_DAG.check(product);
    }

    @Test
    void modelAndCalendarImportNothingOfOurs() {
        PackageRules.CORE_IS_A_LEAF.check(product);
    }

    @Test
    void settingsImportOnlyTheCore() {
        PackageRules.SETTINGS_SIT_ON_THE_CORE.check(product);
    }

    @Test
    void errorsImportOnlySettingsAndTheCore() {
        PackageRules.ERRORS_SIT_ON_SETTINGS.check(product);
    }

    @Test
    void onlyTheCommandsImportTheWiring() {
        PackageRules.ONLY_THE_ENTRY_POINTS_IMPORT_THE_WIRING.check(product);
    }

    @Test
    void nothingButMainImportsTheCommands() {
        PackageRules.NOTHING_IMPORTS_THE_COMMANDS.check(product);
    }

    @Test
    void aVendorsProtocolIsImportedOnlyByTheWiring() {
        PackageRules.ALPACAS_PROTOCOL_STAYS_IN_ITS_PACKAGE.check(product);
        PackageRules.MASSIVES_PROTOCOL_STAYS_IN_ITS_PACKAGE.check(product);
    }

    @Test
    void theSimulatorSharesOnlyTheCoreWithTheProduct() {
        PackageRules.THE_SIMULATOR_SHARES_ONLY_THE_CORE.check(product);
    }

    @Test
    void onlyThePipelineChangesAWindowOrItsBatches() {
        PackageRules.ONLY_THE_PIPELINE_CHANGES_A_WINDOW.check(product);
    }

    /** The rules can fail: a model type that imports the wiring (a back-import) breaks the leaf rule and makes a cycle. */
    @Test
    void aBackImportFromTheCoreFailsTheRulesNamingWhatToDoInstead() {
        JavaClasses withBackImport = new ClassFileImporter().importPackages(
                PackageRules.ROOT + ".model", PackageRules.ROOT + ".app");
        assertThat(ModelTypeThatReachesUp.class).isNotNull();
        assertViolated(PackageRules.CORE_IS_A_LEAF, withBackImport, "ModelTypeThatReachesUp", "keep it in the feature");
        assertViolated(PackageRules.PACKAGES_FORM_A_DAG, withBackImport, "Cycle detected", "move the shared type down");
    }

    /**
     * The rule can fail: a dlq class that marks a batch dead-lettered itself breaks it, by a call and by a method
     * reference alike, and the reason says what to do instead.
     */
    @Test
    void aWindowChangedOutsideThePipelineFailsTheRuleNamingWhatToDoInstead() {
        JavaClasses withBreach = new ClassFileImporter().importClasses(ReporterThatMarksTheBatch.class, SymbolBatch.class, IngestWindow.class);
        String deadLettered = SymbolBatch.class.getName() + ".deadLettered()>";

        assertViolated(PackageRules.ONLY_THE_PIPELINE_CHANGES_A_WINDOW, withBreach, "was violated (2 times)",
                "ReporterThatMarksTheBatch.deadLettered", "calls method <" + deadLettered,
                "ReporterThatMarksTheBatch.allDeadLettered", "references method <" + deadLettered,
                "a pipeline bean");
    }

    private static void assertViolated(ArchRule rule, JavaClasses classes, String... phrases) {
        assertThatThrownBy(() -> rule.check(classes)).isInstanceOf(AssertionError.class)
                .message().contains(phrases);
    }

    private static <T> org.assertj.core.api.ObjectAssert<T> assertThat(T actual) {
        return org.assertj.core.api.Assertions.assertThat(actual);
    }
}
