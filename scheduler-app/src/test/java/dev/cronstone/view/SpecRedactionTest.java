package dev.cronstone.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cronstone.artifacts.Redactor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecRedactionTest {
  @Test
  void references_stay_literal_secrets_and_resolved_values_are_masked() throws Exception {
    JsonNode spec =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(
                """
            {"id": "x", "description": "uses resolved-value-123 somewhere",
             "task": {"type": "http", "url": "https://u:pw-999@h/p?api_key=k-1&page=2",
               "headers": {"Authorization": "Bearer literal", "X-Ref": "${env:TOKEN}",
                           "Accept": "text/plain"},
               "env": {"DB_PASSWORD": "hunter2", "BUCKET": "reports", "REF": "${env:DB}"}}}
            """);
    String out = SpecRedaction.redact(spec, Redactor.of(List.of("resolved-value-123"))).toString();
    assertThat(out)
        .doesNotContain("resolved-value-123")
        .doesNotContain("pw-999")
        .doesNotContain("k-1")
        .doesNotContain("Bearer literal")
        .doesNotContain("hunter2")
        .contains("${env:TOKEN}", "${env:DB}", "reports", "text/plain", "page=2");
    assertThat(spec.toString()).contains("hunter2");
  }
}
