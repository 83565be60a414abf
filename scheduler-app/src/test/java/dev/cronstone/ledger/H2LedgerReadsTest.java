package dev.cronstone.ledger;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger's reads contract on an H2 file database. */
class H2LedgerReadsTest extends LedgerReadsContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2File();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
