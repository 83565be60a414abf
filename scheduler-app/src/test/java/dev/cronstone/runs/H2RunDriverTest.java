package dev.cronstone.runs;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retries and cancel at the driver, on H2. */
class H2RunDriverTest extends RunDriverContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
