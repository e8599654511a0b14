package dev.fixline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The module rules of DESIGN §2: dependencies point one way, and only remediation touches Camunda. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.fixline");

    @Test
    void capabilitiesHaveNoCycles() {
        slices().matching("dev.fixline.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyRemediationTouchesCamunda() {
        noClasses().that().resideOutsideOfPackage("dev.fixline.remediation..")
                .should().dependOnClassesThat().resideInAPackage("org.camunda..").check(CLASSES);
    }

    @Test
    void nothingDependsOnTheWebLayer() {
        noClasses().that().resideOutsideOfPackage("dev.fixline.web..")
                .should().dependOnClassesThat().resideInAPackage("dev.fixline.web..").check(CLASSES);
    }

    /** Outside a module only its root package is used: its subpackages are how it works, not what it offers. */
    @Test
    void outsideAModuleOnlyItsRootPackageIsUsed() {
        for (String module : new String[] {"finding", "ingest", "notification", "ticketing", "remediation", "sla",
                "ownership", "audit", "cluster", "limits", "web"}) {
            noClasses().that().resideOutsideOfPackage("dev.fixline." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("dev.fixline." + module + ".*..")
                    .because(module + "'s face is its root package").check(CLASSES);
        }
    }

    /**
     * The engine's internal classes only where its public API has nothing for the job, each named here
     * with the reason; a new use has to be argued for here first.
     */
    static final Map<String, String> ENGINE_INTERNALS = Map.ofEntries(
            Map.entry("OutageAwareJobRetries", "replaces the failed-job command: the engine has no public API for a "
                    + "retry policy"),
            Map.entry("RacedJobs", "makes a failed job due at once, inside that command"),
            Map.entry("ReminderTimers", "drops timers the clock's scope created, before they reach the database"),
            Map.entry("EngineSchemaLock", "a process engine plugin: nodes starting together create the schema once, "
                    + "then Fixline's indexes on it"),
            Map.entry("EngineCommands", "counts the commands given to the engine, with a command interceptor"),
            Map.entry("BeansBeforeVariables", "a process engine plugin: the step beans resolve before variables, "
                    + "with its own expression manager"),
            Map.entry("OrderlyShutdown", "stops the job executor before the application context closes"),
            Map.entry("IncidentCounts", "the incident table's name, with the configured table prefix"),
            Map.entry("CaseActivities", "the acting user: IdentityService#getCurrentAuthentication returns the impl "
                    + "type"),
            Map.entry("CaseExceptions", "the acting user, as above"),
            Map.entry("CaseFalsePositives", "the acting user, as above"),
            Map.entry("SlaClock", "suspends and moves the SLA timers as entities of the step's own command"));

    @Test
    void engineInternalsOnlyWhereNamed() {
        noClasses().that(new DescribedPredicate<JavaClass>("not named in ENGINE_INTERNALS") {
                    @Override
                    public boolean test(JavaClass c) {
                        String topLevel = c.getName().substring(c.getName().lastIndexOf('.') + 1).split("\\$")[0];
                        return !ENGINE_INTERNALS.containsKey(topLevel);
                    }
                }).should().dependOnClassesThat().resideInAPackage("org.camunda.bpm.engine.impl..")
                .check(CLASSES);
    }

    @Test
    void leafCapabilitiesDependOnNothingOfOursButFindingsValueTypes() {
        for (String leaf : new String[] {"ownership", "sla", "notification", "audit", "ingest", "finding", "ticketing",
                "cluster"}) {
            noClasses().that().resideInAPackage("dev.fixline." + leaf + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(otherThan(leaf))
                    .check(CLASSES);
        }
    }

    private static String[] otherThan(String leaf) {
        return java.util.Arrays.stream(new String[] {"remediation", "web", "ownership", "sla", "notification",
                        "audit", "ingest", "ticketing"})
                .filter(p -> !p.equals(leaf)).map(p -> "dev.fixline." + p + "..").toArray(String[]::new);
    }
}
