package dev.cronstone.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static final Function<String, Optional<String>> VALUES =
      name ->
          Optional.ofNullable(Map.of("fireDate", "2026-03-29", "env:TOKEN", "s3cret").get(name));

  @Test
  void placeholders_are_replaced_and_plain_text_is_kept() {
    assertThat(Template.render("report-${fireDate}.pdf", VALUES))
        .isEqualTo("report-2026-03-29.pdf");
    assertThat(Template.render("Bearer ${env:TOKEN}", VALUES)).isEqualTo("Bearer s3cret");
    assertThat(Template.render("no placeholders, $5 only", VALUES))
        .isEqualTo("no placeholders, $5 only");
  }

  @Test
  void a_doubled_dollar_is_a_literal_placeholder_text() {
    assertThat(Template.render("$${fireDate} is ${fireDate}", VALUES))
        .isEqualTo("${fireDate} is 2026-03-29");
  }

  @Test
  void unknown_and_unterminated_placeholders_are_refused() {
    assertThatThrownBy(() -> Template.render("${nope}", VALUES))
        .hasMessage("unknown placeholder ${nope}");
    assertThatThrownBy(() -> Template.render("${fireDate", VALUES))
        .hasMessageContaining("unterminated");
  }
}
