package dev.cronstone.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON of a spec: every field with its default filled in, fields in the order of
 * docs/job-spec.md, map keys (env, headers, parameters) sorted, durations in ISO-8601 ({@code P30D}
 * for whole days, else {@link java.time.Duration#toString()}). Formatting, comments, key order and
 * defaults written out or left out in the file do not change it, and it is itself a valid spec
 * file. Its SHA-256 is the spec's content hash, which tells whether a stored job needs an update.
 */
public final class SpecJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SpecJson() {}

  public static String canonicalJson(JobSpec spec) {
    try {
      return MAPPER.writeValueAsString(tree(spec));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a spec tree always serializes", e);
    }
  }

  /** SHA-256 of the canonical JSON's UTF-8 bytes, in lower-case hex. */
  public static String contentHash(JobSpec spec) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest(canonicalJson(spec).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The canonical tree (a fresh copy). */
  public static ObjectNode tree(JobSpec spec) {
    ObjectNode node = NODES.objectNode();
    node.put("id", spec.id());
    spec.description().ifPresent(d -> node.put("description", d));
    node.put("enabled", spec.enabled());
    node.put("recover", spec.recover());
    spec.schedule().ifPresent(s -> node.set("schedule", schedule(s)));
    node.set("task", task(spec.task()));
    node.set("retry", retry(spec.retry()));
    LimitsSpec limits = spec.limits();
    ObjectNode limitsNode =
        node.putObject("limits")
            .put("timeout", Durations.format(limits.timeout()))
            .put("maxConcurrent", limits.maxConcurrent())
            .put("overlap", limits.overlap().specName());
    limits.batchSize().ifPresent(b -> limitsNode.put("batchSize", b));
    node.set("parameters", sorted(spec.parameters().json()));
    spec.retention().ifPresent(r -> node.set("retention", retention(r)));
    if (!spec.policy().isEmpty()) { // only when set: existing specs keep their content hash
      spec.policy()
          .pauseAfterFailures()
          .ifPresent(n -> node.putObject("policy").put("pauseAfterFailures", n));
    }
    if (!spec.after().isEmpty()) { // only when set: existing specs keep their content hash
      ArrayNode after = node.putArray("after");
      spec.after().forEach(a -> after.addObject().put("job", a.job()).put("on", a.on().specName()));
    }
    return node;
  }

  private static ObjectNode schedule(ScheduleSpec s) {
    ObjectNode node = NODES.objectNode();
    ArrayNode cron = node.putArray("cron");
    s.cron().forEach(cron::add);
    node.put("timezone", s.timezone().getId());
    node.put("misfire", s.misfire().specName());
    if (s.misfire() == Misfire.CATCH_UP) {
      node.put("catchUpWindow", Durations.format(s.catchUpWindow()));
      node.put("maxCatchUp", s.maxCatchUp());
    }
    return node;
  }

  private static ObjectNode task(TaskSpec task) {
    ObjectNode node = NODES.objectNode();
    node.put("type", task.type().specName());
    if (task instanceof CommandTask c) {
      ArrayNode argv = node.putArray("command");
      c.command().forEach(argv::add);
      c.workdir().ifPresent(w -> node.put("workdir", w));
      node.set("env", strings(c.env()));
    } else if (task instanceof HttpTask h) {
      node.put("url", h.url());
      node.put("method", h.method().specName());
      node.set("headers", strings(h.headers()));
      h.body().ifPresent(b -> node.put("body", b));
      ArrayNode expect = node.putArray("expectStatus");
      h.expectStatus()
          .forEach(
              p -> {
                if (p.wholeClass()) {
                  expect.add(p.toString());
                } else {
                  expect.add(p.value());
                }
              });
    } else if (task instanceof BuiltinTask b) {
      node.put("name", b.name().specName());
      ObjectNode args = node.putObject("args");
      b.duration().ifPresent(d -> args.put("duration", Durations.format(d)));
      b.message().ifPresent(m -> args.put("message", m));
    }
    return node;
  }

  private static ObjectNode retry(RetrySpec r) {
    ObjectNode node = NODES.objectNode();
    node.put("maxAttempts", r.maxAttempts());
    node.put("backoff", r.backoff().specName());
    node.put("initialDelay", Durations.format(r.initialDelay()));
    node.put("maxDelay", Durations.format(r.maxDelay()));
    ArrayNode on = node.putArray("retryOn");
    r.retryOn().forEach(o -> on.add(o.specName()));
    return node;
  }

  private static ObjectNode retention(RetentionSpec r) {
    ObjectNode node = NODES.objectNode();
    r.keepLast().ifPresent(k -> node.put("keepLast", k));
    r.olderThan().ifPresent(d -> node.put("olderThan", Durations.format(d)));
    return node;
  }

  private static ObjectNode strings(Map<String, String> map) {
    ObjectNode node = NODES.objectNode();
    new TreeMap<>(map).forEach(node::put);
    return node;
  }

  /** A copy with the keys of every object, at every depth, in sorted order. */
  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, JsonNode> fields = new TreeMap<>();
      node.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
      ObjectNode copy = NODES.objectNode();
      fields.forEach((k, v) -> copy.set(k, sorted(v)));
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = NODES.arrayNode();
      node.forEach(e -> copy.add(sorted(e)));
      return copy;
    }
    return node;
  }
}
