package dev.cronstone.node;

import dev.cronstone.testing.DatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

class H2ArtifactsOwnershipTest extends ArtifactsOwnershipContractTest {
  @RegisterExtension static final DatabaseExtension DB = DatabaseExtension.h2File();

  @Override
  protected DatabaseExtension db() {
    return DB;
  }
}
