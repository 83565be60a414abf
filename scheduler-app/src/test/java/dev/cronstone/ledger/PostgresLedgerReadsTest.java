package dev.cronstone.ledger;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger's reads contract on a PostgreSQL schema of its own. */
class PostgresLedgerReadsTest extends LedgerReadsContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.postgresql();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
