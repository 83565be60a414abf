package dev.cronstone.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Packages depend on each other in one direction only (conventions, "No cycles"). */
@AnalyzeClasses(packages = "dev.cronstone", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {
  @ArchTest
  static final ArchRule packages_are_free_of_cycles =
      slices()
          .matching("dev.cronstone.(*)..")
          .should()
          .beFreeOfCycles()
          .because("a package cycle makes two concepts one: neither can change or be tested alone");
}
