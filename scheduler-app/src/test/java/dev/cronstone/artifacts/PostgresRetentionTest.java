package dev.cronstone.artifacts;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresRetentionTest extends RetentionContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
