package dev.cronstone.interop;

import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The plain Quartz client beside a node on an H2 file (the client reaches it through AUTO_SERVER).
 */
class H2QuartzInteropIT extends QuartzInteropContract {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2File();

  private TestDatabase store;

  @Override
  protected TestDatabase store() {
    if (store == null) {
      store = DB.emptyDatabase();
    }
    return store;
  }
}
