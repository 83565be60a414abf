package dev.cronstone.service;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class JobServiceH2Test extends JobServiceContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
