package dev.cronstone.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineRedactorTest {
  private static final String SECRET = "hunter2-very-secret-value";

  /** Feeds the pieces, then closes; returns what went out, piece by piece. */
  static List<String> feed(LineRedactor lines, String... pieces) {
    List<String> out = new ArrayList<>();
    for (String piece : pieces) {
      out.add(lines.next(piece));
    }
    out.add(lines.close());
    return out;
  }

  @Test
  void a_secret_cut_between_two_pieces_of_a_long_line_is_masked_whole() {
    for (int cut = 1; cut < SECRET.length(); cut++) {
      String first = "x".repeat(100) + SECRET.substring(0, cut);
      String second = SECRET.substring(cut) + "y".repeat(100) + "\n";
      String sent =
          String.join("", feed(new LineRedactor(Redactor.of(List.of(SECRET))), first, second));
      assertThat(sent)
          .as("cut at %d", cut)
          .isEqualTo("x".repeat(100) + "***" + "y".repeat(100) + "\n");
    }
  }

  @Test
  void a_secret_cut_across_three_pieces_and_its_url_encoded_form_are_masked() {
    String secret = "p@ss word/with spaces";
    String encoded = java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8);
    String line = "a" + secret + "b" + encoded + "c\n";
    LineRedactor lines = new LineRedactor(Redactor.of(List.of(secret)));
    List<String> pieces = new ArrayList<>();
    for (int at = 0; at < line.length(); at += 7) {
      pieces.add(line.substring(at, Math.min(line.length(), at + 7)));
    }
    assertThat(String.join("", feed(lines, pieces.toArray(String[]::new))))
        .isEqualTo("a***b***c\n");
  }

  @Test
  void what_is_held_back_is_at_most_the_longest_secret_less_one_and_comes_out_at_the_close() {
    LineRedactor lines = new LineRedactor(Redactor.of(List.of(SECRET, "short-one")));
    String sent = lines.next("z".repeat(1000));
    assertThat(sent).hasSize(1000 - (SECRET.length() - 1));
    assertThat(lines.close()).isEqualTo("z".repeat(SECRET.length() - 1));
  }

  @Test
  void whole_lines_and_output_without_secrets_go_on_at_once() {
    LineRedactor plain = new LineRedactor(Redactor.none());
    assertThat(plain.next("no end yet")).isEqualTo("no end yet");
    LineRedactor lines = new LineRedactor(Redactor.of(List.of(SECRET)));
    assertThat(lines.next("token " + SECRET + "\n")).isEqualTo("token ***\n");
    assertThat(lines.next(SECRET + "\r\n")).isEqualTo("***\r\n");
    assertThat(lines.close()).isEmpty();
  }

  @Test
  void a_surrogate_pair_is_never_split_by_what_is_held_back() {
    LineRedactor lines = new LineRedactor(Redactor.of(List.of("abcd")));
    // 3 chars are held back: the cut would fall inside the pair, so the pair is held back whole
    String sent = lines.next("xxx\uD83D\uDE00yz");
    assertThat(sent).isEqualTo("xxx");
    assertThat(lines.close()).isEqualTo("\uD83D\uDE00yz");
  }
}
