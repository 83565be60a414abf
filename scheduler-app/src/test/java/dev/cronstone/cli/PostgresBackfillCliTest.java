package dev.cronstone.cli;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code jobs backfill} on PostgreSQL. */
class PostgresBackfillCliTest extends BackfillCliContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
