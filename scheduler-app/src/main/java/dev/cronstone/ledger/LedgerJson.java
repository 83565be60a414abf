package dev.cronstone.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cronstone.error.ErrorEnvelope;
import java.util.Map;
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

  static String data(Map<String, String> data) {
    return write(new TreeMap<>(data));
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
