package dev.cronstone.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Run folders are named by the run number zero-padded to six digits (docs/runs.md). */
class FolderNameTest {
  @Test
  void run_numbers_are_padded_to_six_digits_and_longer_ones_kept_whole() {
    assertThat(ArtifactPaths.folderName(1)).isEqualTo("000001");
    assertThat(ArtifactPaths.folderName(42)).isEqualTo("000042");
    assertThat(ArtifactPaths.folderName(999_999)).isEqualTo("999999");
    assertThat(ArtifactPaths.folderName(1_000_000)).isEqualTo("1000000");
    assertThat(ArtifactPaths.folderName(123_456_789_012L)).isEqualTo("123456789012");
  }
}
