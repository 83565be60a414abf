package dev.cronstone.api;

import dev.cronstone.model.SpecFile;
import dev.cronstone.model.SpecLoader;
import dev.cronstone.view.Validation;
import java.time.Clock;
import java.util.Locale;

/**
 * {@code POST /api/v1/validate}: checks a posted spec (YAML, or JSON when the content type says so)
 * exactly as {@code jobs validate} checks a file, and answers 200 with {@code valid} and, when it
 * is not, the error envelope's body with every problem and its field path. A spec that does not
 * validate is the answer to the question, not a failed request; only a request the endpoint cannot
 * read (too large) is an error.
 */
final class ValidateEndpoint {
  private final Clock clock;

  ValidateEndpoint(Clock clock) {
    this.clock = clock;
  }

  void routes(Router router, String prefix) {
    router.add("POST", prefix + "/validate", this::validate);
  }

  private void validate(Call call) throws Exception {
    byte[] body = call.body(Limits.BODY_BYTES);
    boolean json = call.contentType().toLowerCase(Locale.ROOT).contains("json");
    String name =
        call.query("filename")
            .filter(ValidateEndpoint::plainName)
            .orElse(json ? "spec.json" : "spec.yaml");
    SpecFile file = new SpecLoader(clock).parse(name, body);
    call.json(200, Validation.of(file));
  }

  private static boolean plainName(String name) {
    return name.matches("[A-Za-z0-9._-]{1,100}\\.(yaml|yml|json)");
  }
}
