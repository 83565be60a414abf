package dev.cronstone.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Sync writes job definitions; running them is another concept it does not depend on. */
@AnalyzeClasses(
    packages = "dev.cronstone.sync",
    importOptions = ImportOption.DoNotIncludeTests.class)
class SyncBoundaryTest {
  @ArchTest
  static final ArchRule sync_does_not_depend_on_execution =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.cronstone.execution..")
          .because("Quartz's keys and names live in store.QuartzNames and store.JobData");
}
