package com.marketbars.ingest.architecture;

import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget.CodeUnitAccessTarget;
import com.tngtech.archunit.core.domain.AccessTarget.MethodCallTarget;
import com.tngtech.archunit.core.domain.AccessTarget.MethodReferenceTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The order of the packages (docs/design.md#layout), bottom first:
 * <ol>
 *   <li>the core: {@code calendar} and {@code model} (value types), which import nothing of ours but each other;</li>
 *   <li>{@code settings}: the operator's settings, parsed and checked, on the core only;</li>
 *   <li>{@code errors}: the one failure vocabulary, on settings and the core;</li>
 *   <li>the features (store, quota, checkpoint, quality, pipeline, providers, dlq, coverage, feeds, backfill, universe,
 *       cluster, observability, console, simulator), in any order that makes no cycle;</li>
 *   <li>{@code app}: the wiring, which composes the features' beans and routes; and on top {@code cli} (the commands)
 *       and {@code Main}, the only ones that may import it.</li>
 * </ol>
 * And one owner of a window's state: a window ({@code checkpoint.IngestWindow}) and its batches ({@code SymbolBatch})
 * are made by whoever plans them (the planner, the retry worker's replays) and read by many, but changed only by
 * {@code pipeline}.
 * <p>
 * Each rule's reason says what to do instead of breaking it.
 */
final class PackageRules {
    static final String ROOT = "com.marketbars.ingest";
    private static final String OURS = ROOT + "..";
    private static final String[] CORE = {ROOT + ".model..", ROOT + ".calendar.."};

    private PackageRules() {
    }

    static final ArchRule PACKAGES_FORM_A_DAG = slices().matching(ROOT + ".(**)").namingSlices("package $1")
            .should().beFreeOfCycles()
            .because("a cycle makes every package in it change with every other: move the shared type down (a value "
                    + "type to model, a setting to settings, a failure to errors), or let the lower package declare an "
                    + "interface the upper one implements (as errors.KnownFailure lets FailureKind classify a feature's "
                    + "exception without importing it)");

    static final ArchRule CORE_IS_A_LEAF = noClasses().that().resideInAnyPackage(CORE)
            .should().dependOnClassesThat(ours().and(DescribedPredicate.not(resideInAnyPackage(CORE))))
            .because("model and calendar are the value types every package shares: a model type that needs a "
                    + "feature's class is a feature's class - keep it in the feature, or pass the value it needs");

    static final ArchRule SETTINGS_SIT_ON_THE_CORE = noClasses().that().resideInAPackage(ROOT + ".settings..")
            .should().dependOnClassesThat(ours().and(DescribedPredicate.not(
                    resideInAnyPackage(ROOT + ".settings..", CORE[0], CORE[1]))))
            .because("settings are parsed and checked before any feature runs: a setting's type belongs in model; "
                    + "a feature that needs a setting takes it as an argument");

    static final ArchRule ERRORS_SIT_ON_SETTINGS = noClasses().that().resideInAPackage(ROOT + ".errors..")
            .should().dependOnClassesThat(ours().and(DescribedPredicate.not(
                    resideInAnyPackage(ROOT + ".errors..", ROOT + ".settings..", CORE[0], CORE[1]))))
            .because("every feature classifies its failures through errors: let the feature's exception implement "
                    + "errors.KnownFailure rather than have FailureKind import it");

    static final ArchRule ONLY_THE_ENTRY_POINTS_IMPORT_THE_WIRING = noClasses()
            .that(ours().and(DescribedPredicate.not(resideInAnyPackage(ROOT + ".app..", ROOT + ".cli..")))
                    .and(DescribedPredicate.not(resideInAPackage(ROOT))))
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".app..")
            .because("app composes the features; a feature that needs another's bean gets it passed in by its "
                    + "module's entry point in app, not by reaching up");

    static final ArchRule NOTHING_IMPORTS_THE_COMMANDS = noClasses()
            .that(ours().and(DescribedPredicate.not(resideInAPackage(ROOT + ".cli..")))
                    .and(DescribedPredicate.not(resideInAPackage(ROOT))))
            .should().dependOnClassesThat().resideInAPackage(ROOT + ".cli..")
            .because("the commands are the top: what a command and a feature share belongs in the feature");

    static final ArchRule ALPACAS_PROTOCOL_STAYS_IN_ITS_PACKAGE = aVendorsProtocolStaysInItsPackage("alpaca");
    static final ArchRule MASSIVES_PROTOCOL_STAYS_IN_ITS_PACKAGE = aVendorsProtocolStaysInItsPackage("massive");

    private static ArchRule aVendorsProtocolStaysInItsPackage(String vendor) {
        String protocol = ROOT + ".providers." + vendor + "..";
        return noClasses().that(ours().and(DescribedPredicate.not(resideInAnyPackage(ROOT + ".app..", protocol))))
                .should().dependOnClassesThat().resideInAPackage(protocol)
                .because("a vendor's protocol lives in its own route template and mapper, bound by app: what the "
                        + "rest of the product needs to know of a vendor goes in model.Provider");
    }

    static final ArchRule THE_SIMULATOR_SHARES_ONLY_THE_CORE = noClasses().that().resideInAPackage(ROOT + ".simulator..")
            .should().dependOnClassesThat(ours().and(DescribedPredicate.not(
                    resideInAnyPackage(ROOT + ".simulator..", CORE[0], CORE[1]))))
            .because("the simulator stands in for the vendors: if it shared the product's parsing, planning or store, "
                    + "a bug there would agree with itself and no spec would see it - copy the vendor's behaviour "
                    + "into the simulator instead");

    static final ArchRule ONLY_THE_PIPELINE_CHANGES_A_WINDOW = noClasses()
            .that().resideOutsideOfPackage(ROOT + ".pipeline..").and().doNotBelongToAnyOf(IngestWindow.class, SymbolBatch.class)
            .should().accessTargetWhere(aChangeOfAWindow())
            .because("a window's tallies and its batches' outcomes decide whether its checkpoint may move, so one package "
                    + "owns them: a feature outside pipeline that learns how a batch ended returns or records its decision "
                    + "(as dlq's DeadLetterReporter records the DLQ row), and the route's next step, a pipeline bean "
                    + "(BatchOutcomes, PageWriter, WindowsAhead), tells the batch");

    /**
     * A call of (or a reference to) a method that changes a window or a batch: any of theirs that returns nothing (each
     * one is a command - a page written, a batch failed, dead-lettered, refused as a whole, ended), and
     * {@code pollIsolated}, which takes a half out of its window's queue.
     */
    private static DescribedPredicate<JavaAccess<?>> aChangeOfAWindow() {
        return DescribedPredicate.describe("a method that changes an IngestWindow or a SymbolBatch", access -> {
            if (!(access.getTarget() instanceof MethodCallTarget || access.getTarget() instanceof MethodReferenceTarget)) {
                return false;   // a constructor or a field
            }
            CodeUnitAccessTarget method = (CodeUnitAccessTarget) access.getTarget();
            JavaClass owner = method.getOwner();
            boolean windowOrBatch = owner.isEquivalentTo(IngestWindow.class) || owner.isEquivalentTo(SymbolBatch.class);
            return windowOrBatch && (method.getRawReturnType().isEquivalentTo(void.class) || method.getName().equals("pollIsolated"));
        });
    }

    private static DescribedPredicate<JavaClass> ours() {
        return resideInAPackage(OURS).as("classes of ours");
    }
}
