package dev.cronstone.ledger;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ledger contract on an H2 file database with AUTO_SERVER, so other processes can join. */
class H2LedgerTest extends LedgerContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2File();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
