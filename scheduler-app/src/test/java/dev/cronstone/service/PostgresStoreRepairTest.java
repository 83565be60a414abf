package dev.cronstone.service;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresStoreRepairTest extends StoreRepairContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
