package dev.cronstone.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Event data written by hand is the JSON Jackson writes, and reads back to the same map. */
class LedgerJsonTest {
  private static final ObjectMapper JACKSON =
      new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private static String jackson(Map<String, String> data) throws Exception {
    return JACKSON.writeValueAsString(new TreeMap<>(data));
  }

  @Test
  void tricky_values_are_escaped_as_jackson_escapes_them() throws Exception {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("z", "quote \" backslash \\ slash / tab \t newline \n return \r");
    data.put("a", "bell \u0007 nul \u0000 esc \u001b unit \u001f del \u007f");
    data.put("m", "non-ascii é ü 日本 \u2028 \uD83D\uDE00 backspace \b feed \f");
    data.put("empty", "");
    data.put("key \"with\" quotes\n", "v");

    String written = LedgerJson.data(data);

    assertThat(written).isEqualTo(jackson(data));
    assertThat(LedgerJson.data(written)).isEqualTo(new TreeMap<>(data));
  }

  @Test
  void keys_are_sorted_whatever_the_map_and_its_comparator() throws Exception {
    Map<String, String> reversed = new TreeMap<>(Comparator.reverseOrder());
    reversed.put("b", "2");
    reversed.put("a", "1");

    assertThat(LedgerJson.data(reversed)).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
    assertThat(LedgerJson.data(Map.of())).isEqualTo("{}");
  }

  @Test
  void random_text_matches_jackson() throws Exception {
    Random random = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      Map<String, String> data = new HashMap<>();
      for (int k = random.nextInt(4); k >= 0; k--) {
        data.put(text(random), text(random));
      }
      String written = LedgerJson.data(data);
      assertThat(written).isEqualTo(jackson(data));
      assertThat(LedgerJson.data(written)).isEqualTo(new TreeMap<>(data));
    }
  }

  private static String text(Random random) {
    StringBuilder text = new StringBuilder();
    for (int n = random.nextInt(12); n > 0; n--) {
      int kind = random.nextInt(4);
      text.append(
          switch (kind) {
            case 0 -> (char) random.nextInt(0x20);
            case 1 -> (char) (0x20 + random.nextInt(0x60));
            case 2 -> (char) (0xA0 + random.nextInt(0x2000));
            default -> "\"\\/".charAt(random.nextInt(3));
          });
    }
    return text.toString();
  }
}
