package dev.cronstone.artifacts;

/** The store tests write artifacts for, unless a test is about ownership itself. */
public final class ArtifactsOwnerFixture {
  /** One fixed store id and label for tests that write or prune artifacts. */
  public static final ArtifactsOwner OWNER = new ArtifactsOwner("test-store", "jdbc:h2:mem:test");

  private ArtifactsOwnerFixture() {}
}
