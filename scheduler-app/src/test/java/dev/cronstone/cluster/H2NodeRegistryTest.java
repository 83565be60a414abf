package dev.cronstone.cluster;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2NodeRegistryTest extends NodeRegistryContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
