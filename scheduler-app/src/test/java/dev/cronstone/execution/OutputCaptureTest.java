package dev.cronstone.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputCaptureTest {
  final List<String> heard = new ArrayList<>();
  final OutputSink sink = (stream, text) -> heard.add(text);

  void feed(OutputCapture capture, byte[] bytes, int chunk) {
    for (int at = 0; at < bytes.length; at += chunk) {
      byte[] part = Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + chunk));
      capture.accept(part, part.length);
    }
    capture.close();
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void lines_go_on_whole_whatever_the_reads_cut_and_the_last_line_goes_at_the_end() {
    feed(new OutputCapture(OutputSink.Stream.STDOUT, sink, 1024), utf8("one\ntwo\nthr"), 3);
    assertThat(heard).containsExactly("one\n", "two\n", "thr");
  }

  @Test
  void a_long_line_goes_in_pieces_of_at_most_max_piece_bytes_never_cutting_a_character() {
    String line = "é".repeat(OutputCapture.MAX_PIECE) + "\n"; // 2 bytes each: 2 MAX_PIECE bytes
    feed(new OutputCapture(OutputSink.Stream.STDOUT, sink, 1 << 20), utf8(line), 4096);
    assertThat(heard).allSatisfy(t -> assertThat(utf8(t).length).isLessThanOrEqualTo(8192));
    assertThat(String.join("", heard)).isEqualTo(line);
  }

  @Test
  void past_the_bound_the_rest_is_dropped_and_a_mark_says_how_much() {
    byte[] out = utf8("0123456789\n".repeat(100)); // 1100 bytes
    OutputCapture capture = new OutputCapture(OutputSink.Stream.STDERR, sink, 105);
    feed(capture, out, 64);
    String kept = String.join("", heard.subList(0, heard.size() - 1));
    assertThat(utf8(kept).length).isEqualTo(105);
    assertThat(heard.get(heard.size() - 1))
        .isEqualTo(OutputCapture.mark(995, 105))
        .contains("995 more bytes dropped");
  }

  @Test
  void binary_bytes_and_nul_become_replacement_characters_within_the_bound() {
    byte[] binary = new byte[300_000];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) (i * 37 + 11);
    }
    binary[5] = 0;
    feed(new OutputCapture(OutputSink.Stream.STDOUT, sink, 100_000), binary, 8192);
    String text = String.join("", heard.subList(0, heard.size() - 1));
    assertThat(text).doesNotContain("\0");
    assertThat(utf8(text).length).isLessThanOrEqualTo(100_000);
    assertThat(heard.get(heard.size() - 1)).contains("output truncated");
  }
}
