package dev.cronstone.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cronstone.error.ErrorEnvelope;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** The JSON the ledger keeps in its text columns: error envelopes and event data. */
final class LedgerJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final TypeReference<TreeMap<String, String>> DATA = new TypeReference<>() {};

  private LedgerJson() {}

  static String error(Optional<ErrorEnvelope> error) {
    return error.map(LedgerJson::write).orElse(null);
  }

  static Optional<ErrorEnvelope> error(String json) {
    if (json == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(MAPPER.readValue(json, ErrorEnvelope.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable error envelope in the ledger: " + json, e);
    }
  }

  /**
   * Event data as a JSON object, keys sorted: written by hand (as Jackson would, escapes included),
   * since every event of every run goes through it and Jackson's general path costs more than the
   * statement that stores it.
   */
  static String data(Map<String, String> data) {
    Map<String, String> sorted =
        data instanceof TreeMap<String, String> t && t.comparator() == null
            ? t
            : new TreeMap<>(data);
    StringBuilder json = new StringBuilder(16 + 24 * sorted.size()).append('{');
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      quote(json, Objects.requireNonNull(e.getKey(), "data key"));
      json.append(':');
      if (e.getValue() == null) {
        json.append("null");
      } else {
        quote(json, e.getValue());
      }
    }
    return json.append('}').toString();
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private static void quote(StringBuilder json, String text) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      switch (ch) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> {
          if (ch < 0x20) {
            json.append("\\u00").append(HEX[ch >> 4]).append(HEX[ch & 0xF]);
          } else {
            json.append(ch);
          }
        }
      }
    }
    json.append('"');
  }

  static Map<String, String> data(String json) {
    try {
      return MAPPER.readValue(json, DATA);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable event data in the ledger: " + json, e);
    }
  }

  private static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write ledger JSON", e);
    }
  }
}
