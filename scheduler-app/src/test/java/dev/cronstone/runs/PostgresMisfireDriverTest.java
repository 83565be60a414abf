package dev.cronstone.runs;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The misfire policies at the driver, on PostgreSQL. */
class PostgresMisfireDriverTest extends MisfireDriverContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
