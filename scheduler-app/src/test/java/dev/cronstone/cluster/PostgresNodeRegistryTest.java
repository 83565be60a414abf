package dev.cronstone.cluster;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresNodeRegistryTest extends NodeRegistryContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
