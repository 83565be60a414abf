package dev.cronstone.service;

import dev.cronstone.artifacts.ArtifactsOwner;
import dev.cronstone.config.NodeConfig;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.store.StoreIdentity;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

/** The owner every writer of a store's artifacts checks the artifacts folder against. */
public final class ArtifactOwners {
  private ArtifactOwners() {}

  /**
   * This store as the owner of artifact folders: its id (created on first use) and masked URL.
   *
   * @throws CronstoneException {@code store_unavailable} when the store does not answer
   */
  public static ArtifactsOwner of(DataSource dataSource, NodeConfig config, Clock clock) {
    try {
      return new ArtifactsOwner(
          StoreIdentity.of(dataSource, clock.instant()), config.store().maskedUrl());
    } catch (SQLException e) {
      throw new CronstoneException(
          ErrorCode.STORE_UNAVAILABLE,
          "cannot read the store's id: " + e.getMessage(),
          null,
          List.of(),
          e);
    }
  }
}
