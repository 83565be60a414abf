package dev.cronstone.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Micrometer stays inside {@code dev.cronstone.metrics}: the rest of the code reports through
 * {@code RunMetrics} and reads the exposition text, so the metrics library can change in one place.
 */
@AnalyzeClasses(packages = "dev.cronstone", importOptions = ImportOption.DoNotIncludeTests.class)
class MetricsBoundaryTest {
  @ArchTest
  static final ArchRule micrometer_only_in_the_metrics_package =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.cronstone.metrics..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.micrometer..", "io.prometheus..")
          .because("the code reports through RunMetrics, not Micrometer types");
}
