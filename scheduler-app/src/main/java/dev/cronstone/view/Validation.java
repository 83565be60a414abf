package dev.cronstone.view;

import dev.cronstone.error.ErrorEnvelope;
import dev.cronstone.model.SpecFile;
import java.util.Optional;

/**
 * One spec's verdict (schema {@code Validation}): valid or not, its job id when one could be read,
 * and for an invalid spec the error envelope's body with every problem and its field path.
 */
public record Validation(
    boolean valid, Optional<String> jobId, Optional<ErrorEnvelope.Body> error) {
  public static Validation of(SpecFile file) {
    return new Validation(
        file.valid(),
        file.jobId(),
        file.valid() ? Optional.empty() : Optional.of(file.envelope().error()));
  }
}
