package dev.cronstone.interop;

import dev.cronstone.testing.DatabaseExtension;
import dev.cronstone.testing.TestDatabase;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The plain Quartz client beside a node on PostgreSQL. */
class PostgresQuartzInteropIT extends QuartzInteropContract {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  private TestDatabase store;

  @Override
  protected TestDatabase store() {
    if (store == null) {
      store = DB.emptyDatabase();
    }
    return store;
  }
}
