package dev.cronstone.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * job-model is the pure model: no scheduler, no database, no HTTP (docs/architecture.md, "The
 * model").
 */
@AnalyzeClasses(packages = "dev.cronstone", importOptions = ImportOption.DoNotIncludeTests.class)
class JobModelBoundaryTest {
  @ArchTest
  static final ArchRule no_quartz_jdbc_or_http =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.quartz..", "java.sql..", "javax.sql..", "java.net.http..", "jakarta..")
          .because("job-model imports no Quartz scheduler, JDBC or HTTP type");

  @ArchTest
  static final ArchRule schedule_does_not_depend_on_specs =
      noClasses()
          .that()
          .resideInAPackage("dev.cronstone.schedule..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.cronstone.model..")
          .because("the calculator knows cron and zones, not job specs");
}
