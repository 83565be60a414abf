package dev.cronstone.sync;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2SpecWatcherTest extends SpecWatcherContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2File();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
