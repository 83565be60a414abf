package dev.cronstone.runs;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2TaskOutputTest extends TaskOutputContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2File();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
