package dev.cronstone.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cronstone.model.JobSpec;
import dev.cronstone.model.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private static final String TOKEN = "s3cr3t-T0KEN-value";

  @Test
  void every_occurrence_is_masked_longest_secret_first() {
    Redactor r = Redactor.of(List.of("abcd", "abcdefgh"));
    assertThat(r.redact("xx abcdefgh yy abcd zz abcdabcd")).isEqualTo("xx *** yy *** zz ******");
  }

  @Test
  void a_short_secret_is_masked_as_a_whole_value_but_not_inside_text() {
    Redactor r = Redactor.of(List.of("abc"));
    assertThat(r.redact("abc")).isEqualTo("***");
    assertThat(r.redact(" abc\n")).isEqualTo("***");
    assertThat(r.redact("tabc: the abc of it")).isEqualTo("tabc: the abc of it");
    assertThat(r.redact(Map.of("key", "abc"))).containsEntry("key", "***");
  }

  @Test
  void empty_and_null_values_are_ignored() {
    Redactor r = Redactor.of(Arrays.asList("", null));
    assertThat(r.hasSecrets()).isFalse();
    assertThat(r.redact("plain text")).isEqualTo("plain text");
    assertThat(r.redact((String) null)).isNull();
    assertThat(r.redact("")).isEmpty();
  }

  @Test
  void multi_line_output_and_multi_line_secrets_are_masked() {
    String pem = "-----BEGIN KEY-----\nMIIBOgIBAAJBAKj34GkxFhD9\n-----END KEY-----";
    Redactor r = Redactor.of(List.of(TOKEN, pem));
    String output =
        "start\ntoken="
            + TOKEN
            + "\nkey follows\n"
            + pem
            + "\nagain "
            + TOKEN
            + " and "
            + TOKEN
            + "\nend\n";
    assertThat(r.redact(output))
        .isEqualTo("start\ntoken=***\nkey follows\n***\nagain *** and ***\nend\n");
  }

  @Test
  void the_url_encoded_form_of_a_secret_is_masked_too() {
    Redactor r = Redactor.of(List.of("p@ss w/rd"));
    assertThat(r.redact("GET /x?q=p%40ss+w%2Frd done")).isEqualTo("GET /x?q=*** done");
  }

  @Test
  void url_passwords_and_secret_looking_query_values_are_masked_without_knowing_them() {
    Redactor r = Redactor.none();
    assertThat(
            r.redact(
                "fetching https://deploy:hunter22@example.com/a?x=1&access_token=abc123&page=2"))
        .isEqualTo("fetching https://deploy:***@example.com/a?x=1&access_token=***&page=2");
    assertThat(r.redact("https://example.com/?api_key=K&sig=S&signature=T"))
        .isEqualTo("https://example.com/?api_key=***&sig=***&signature=***");
    assertThat(r.redact("https://example.com/path?page=2"))
        .isEqualTo("https://example.com/path?page=2");
    assertThat(r.redact("user@example.com wrote: a:b")).isEqualTo("user@example.com wrote: a:b");
  }

  @Test
  void a_secret_cut_by_the_capture_cap_is_masked_at_the_start_of_the_tail() {
    Redactor r = Redactor.of(List.of(TOKEN));
    byte[] full =
        ("line one\nTOKEN=" + TOKEN + "\nline three " + TOKEN + "\n")
            .getBytes(StandardCharsets.UTF_8);
    int secretAt = "line one\nTOKEN=".length();
    for (int cut = secretAt + 1; cut < secretAt + TOKEN.length(); cut++) {
      String tail = new String(full, cut, full.length - cut, StandardCharsets.UTF_8);
      assertThat(r.redactTail(tail, true)).as("cut at %d", cut).isEqualTo("***\nline three ***\n");
      assertThat(r.redactTail(tail, true)).doesNotContain(TOKEN.substring(TOKEN.length() - 3));
    }
  }

  @Test
  void a_cut_inside_a_multi_byte_character_of_a_secret_is_masked_too() {
    String secret = "pässwörd-geheim";
    Redactor r = Redactor.of(List.of(secret));
    byte[] full = ("pw " + secret + "\nok\n").getBytes(StandardCharsets.UTF_8);
    int cut = "pw p".getBytes(StandardCharsets.UTF_8).length + 1; // inside the two bytes of 'ä'
    String tail = new String(full, cut, full.length - cut, StandardCharsets.UTF_8);
    assertThat(tail).startsWith("\uFFFD");
    assertThat(r.redactTail(tail, true)).isEqualTo("***\nok\n");
  }

  @Test
  void an_untruncated_tail_is_only_redacted_as_text() {
    Redactor r = Redactor.of(List.of(TOKEN));
    assertThat(r.redactTail("value\nrest", false)).isEqualTo("value\nrest");
    assertThat(r.redactTail("value\nrest", true)).isEqualTo("***\nrest");
    assertThat(r.redactTail("nothing to see", true)).isEqualTo("nothing to see");
  }

  @Test
  void a_spec_s_redactor_resolves_the_env_secrets_it_references() {
    JobSpec spec =
        spec(
            """
        id: deploy
        task:
          type: http
          url: "https://api.example.com/hook?token=${env:HOOK_TOKEN}"
          headers: { Authorization: "Bearer ${env:API_KEY}" }
        """);
    Map<String, String> env =
        Map.of("API_KEY", "key-0123456789", "HOOK_TOKEN", "hook-abcdef", "OTHER", "not-a-secret");
    Redactor r = Redactor.forSpec(spec, name -> Optional.ofNullable(env.get(name)));
    assertThat(r.redact("Bearer key-0123456789 hook-abcdef not-a-secret"))
        .isEqualTo("Bearer *** *** not-a-secret");
  }

  private static JobSpec spec(String yaml) {
    return new SpecLoader(Clock.systemUTC())
        .parse("deploy.yaml", yaml.getBytes(StandardCharsets.UTF_8))
        .spec()
        .orElseThrow();
  }
}
