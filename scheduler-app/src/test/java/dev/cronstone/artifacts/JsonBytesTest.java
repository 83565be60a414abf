package dev.cronstone.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Strings are escaped and encoded exactly as Jackson's default generator does it. */
class JsonBytesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String jackson(String text) throws Exception {
    return new String(JSON.writeValueAsBytes(text), StandardCharsets.UTF_8);
  }

  private static String ours(String text) {
    return new String(new JsonBytes(1).string(text).toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void every_utf16_unit_alone_is_written_as_jackson_writes_it() throws Exception {
    for (int c = 0; c <= 0xFFFF; c++) {
      String text = "a" + (char) c + "b";
      assertThat(ours(text)).as("U+%04X", c).isEqualTo(jackson(text));
    }
  }

  @Test
  void long_random_texts_across_buffer_sizes_are_written_as_jackson_writes_them() throws Exception {
    Random random = new Random(11);
    for (int i = 0; i < 500; i++) {
      int length = random.nextInt(i % 10 == 0 ? 40_000 : 300);
      StringBuilder text = new StringBuilder(length);
      for (int j = 0; j < length; j++) {
        text.append(
            switch (random.nextInt(6)) {
              case 0 -> (char) random.nextInt(0x20);
              case 1 -> (char) random.nextInt(0x10000);
              case 2 -> "😀";
              default -> (char) (0x20 + random.nextInt(0x60));
            });
      }
      assertThat(ours(text.toString())).isEqualTo(jackson(text.toString()));
    }
  }

  @Test
  void null_numbers_and_booleans_are_json_literals() {
    JsonBytes json = new JsonBytes(1);
    json.string(null).raw(',').number(Long.MIN_VALUE).raw(',').number((Long) null).raw(',');
    json.bool(true).raw(',').bool(false);

    assertThat(new String(json.toByteArray(), StandardCharsets.US_ASCII))
        .isEqualTo("null,-9223372036854775808,null,true,false");
  }
}
