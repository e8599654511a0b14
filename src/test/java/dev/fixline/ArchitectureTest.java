package dev.fixline;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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

    @Test
    void leafCapabilitiesDependOnNothingOfOursButFindingsValueTypes() {
        for (String leaf : new String[] {"ownership", "sla", "notification", "audit", "ingest", "finding", "ticketing"}) {
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
