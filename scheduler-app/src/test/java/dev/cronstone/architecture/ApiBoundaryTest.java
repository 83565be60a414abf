package dev.cronstone.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The HTTP API goes through the service layer: no Quartz scheduler, no SQL (conventions, "Module
 * boundaries").
 */
@AnalyzeClasses(
    packages = "dev.cronstone.api",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ApiBoundaryTest {
  @ArchTest
  static final ArchRule no_quartz_or_jdbc_in_the_api =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.quartz..", "java.sql..", "javax.sql..")
          .because(
              "cli and api go through one service layer and never touch Quartz's Scheduler or SQL directly");
}
