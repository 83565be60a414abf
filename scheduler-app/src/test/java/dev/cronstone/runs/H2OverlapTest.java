package dev.cronstone.runs;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** maxConcurrent and overlap at the driver, on H2. */
class H2OverlapTest extends OverlapContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
