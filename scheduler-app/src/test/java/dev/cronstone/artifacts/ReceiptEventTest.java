package dev.cronstone.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cronstone.ledger.RunEvent;
import dev.cronstone.ledger.RunId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An {@code events.jsonl} line, written by hand, is byte for byte the JSON tree the line describes.
 */
class ReceiptEventTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String tree(RunEvent e) throws Exception {
    ObjectNode node = JSON.createObjectNode();
    node.put("runId", e.run().toString());
    node.put("seq", e.seq());
    node.put("at", e.at().toString());
    node.put("attemptNo", e.attemptNo());
    node.put("type", e.type());
    node.put("message", e.message());
    ObjectNode data = node.putObject("data");
    e.data().forEach(data::put);
    return JSON.writeValueAsString(node);
  }

  private static String line(RunEvent e) {
    JsonBytes out = new JsonBytes(16);
    Receipt.event(e, Redactor.none(), out);
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void a_line_is_the_tree_written_compact() throws Exception {
    Map<String, String> data = new LinkedHashMap<>();
    data.put("status", "failed");
    data.put("detail", "quote \" backslash \\ newline \n control \u0001 non-ascii é 日本");
    RunEvent event =
        new RunEvent(
            new RunId("nightly-etl", 12),
            3,
            Instant.parse("2026-03-29T01:00:00.123Z"),
            2,
            "attempt.finished",
            "attempt 2 failed: exit 3\n\"stderr\" said so",
            data);

    String line = line(event);

    assertThat(line).isEqualTo(tree(event)).doesNotContain("\n");
    assertThat(JSON.readTree(line).get("data").get("detail").asText())
        .isEqualTo(data.get("detail"));
  }

  @Test
  void an_event_without_data_has_an_empty_data_object() throws Exception {
    RunEvent event =
        new RunEvent(
            new RunId("job", 1),
            1,
            Instant.parse("2026-12-07T10:00:00Z"),
            1,
            "attempt.started",
            "attempt 1 started",
            Map.of());

    assertThat(line(event)).isEqualTo(tree(event)).endsWith("\"data\":{}}");
  }
}
