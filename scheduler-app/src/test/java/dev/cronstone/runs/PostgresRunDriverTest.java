package dev.cronstone.runs;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retries and cancel at the driver, on PostgreSQL. */
class PostgresRunDriverTest extends RunDriverContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
