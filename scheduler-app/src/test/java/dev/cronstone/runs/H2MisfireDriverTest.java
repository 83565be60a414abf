package dev.cronstone.runs;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The misfire policies at the driver, on H2. */
class H2MisfireDriverTest extends MisfireDriverContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
