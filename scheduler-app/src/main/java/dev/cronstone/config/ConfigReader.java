package dev.cronstone.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cronstone.error.Problem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Walks a parsed config tree, filling defaults and collecting every problem with its path. */
final class ConfigReader {
  private static final Pattern ENV_REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern TOKEN_NAME = NODE_ID;
  private static final Pattern SIZE =
      Pattern.compile("(\\d{1,12})\\s*(B|KB|MB|GB)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern JOB_LABEL =
      Pattern.compile("\\*|[a-z0-9][a-z0-9._-]{0,62}|[a-z0-9][a-z0-9._-]{0,61}\\*");
  private static final int MAX_LIST = 1000;
  private static final long GB = 1024L * 1024L * 1024L;
  private static final String DEFAULT_TOKEN = "${env:JOBS_API_TOKEN}";
  private static final Set<String> SECTIONS =
      Set.of("store", "cluster", "scheduler", "jobs", "artifacts", "api", "metrics", "logging");

  private final Function<String, Optional<String>> env;
  private final List<Problem> problems = new ArrayList<>();
  private final Set<String> resolved = new java.util.LinkedHashSet<>();

  ConfigReader(Function<String, Optional<String>> env) {
    this.env = env;
  }

  List<Problem> problems() {
    return problems;
  }

  NodeConfig read(JsonNode root) {
    unknownFields(root, "", SECTIONS);
    return new NodeConfig(
        store(section(root, "store")),
        cluster(section(root, "cluster")),
        scheduler(section(root, "scheduler")),
        jobs(section(root, "jobs")),
        artifacts(section(root, "artifacts")),
        api(section(root, "api")),
        metrics(section(root, "metrics")),
        logging(section(root, "logging")));
  }

  private StoreConfig store(JsonNode n) {
    unknownFields(n, "store.", Set.of("url", "user", "password", "maxPoolSize"));
    String url = string(n, "store.url", StoreConfig.DEFAULT_URL);
    if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      problem(
          "store.url",
          "must be a jdbc:h2: or jdbc:postgresql: URL, got '" + Secrets.maskUrl(url) + "'");
    }
    return new StoreConfig(
        url,
        string(n, "store.user", StoreConfig.DEFAULT_USER),
        string(n, "store.password", StoreConfig.DEFAULT_PASSWORD),
        integer(n, "store.maxPoolSize", StoreConfig.DEFAULT_MAX_POOL_SIZE, 1, 200));
  }

  private ClusterConfig cluster(JsonNode n) {
    unknownFields(
        n,
        "cluster.",
        Set.of("enabled", "nodeId", "checkinInterval", "failureGrace", "forgetAfter"));
    String nodeId = string(n, "cluster.nodeId", ClusterConfig.AUTO_NODE_ID);
    if (!NODE_ID.matcher(nodeId).matches()) {
      problem("cluster.nodeId", "must be AUTO or 1-64 of [A-Za-z0-9._-], got '" + nodeId + "'");
    }
    return new ClusterConfig(
        bool(n, "cluster.enabled", ClusterConfig.DEFAULT_ENABLED),
        nodeId,
        duration(
            n,
            "cluster.checkinInterval",
            ClusterConfig.DEFAULT_CHECKIN_INTERVAL,
            Duration.ofMillis(100),
            Duration.ofMinutes(10)),
        duration(
            n,
            "cluster.failureGrace",
            ClusterConfig.DEFAULT_FAILURE_GRACE,
            Duration.ofMillis(500),
            Duration.ofMinutes(10)),
        duration(
            n,
            "cluster.forgetAfter",
            ClusterConfig.DEFAULT_FORGET_AFTER,
            Duration.ofHours(1),
            Duration.ofDays(3650)));
  }

  private SchedulerConfig scheduler(JsonNode n) {
    unknownFields(
        n,
        "scheduler.",
        Set.of("threads", "misfireThreshold", "batchAcquire", "idleWait", "shutdownGrace"));
    return new SchedulerConfig(
        integer(n, "scheduler.threads", SchedulerConfig.DEFAULT_THREADS, 1, 1000),
        duration(
            n,
            "scheduler.misfireThreshold",
            SchedulerConfig.DEFAULT_MISFIRE_THRESHOLD,
            Duration.ofSeconds(1),
            Duration.ofDays(1)),
        integer(n, "scheduler.batchAcquire", SchedulerConfig.DEFAULT_BATCH_ACQUIRE, 1, 1000),
        // Quartz refuses an idle wait under 1,000 ms.
        duration(
            n,
            "scheduler.idleWait",
            SchedulerConfig.DEFAULT_IDLE_WAIT,
            Duration.ofSeconds(1),
            Duration.ofMinutes(5)),
        duration(
            n,
            "scheduler.shutdownGrace",
            SchedulerConfig.DEFAULT_SHUTDOWN_GRACE,
            Duration.ZERO,
            Duration.ofHours(1)));
  }

  private JobsConfig jobs(JsonNode n) {
    unknownFields(
        n, "jobs.", Set.of("dir", "syncOnStart", "removeMissing", "watch", "rescanInterval"));
    return new JobsConfig(
        path(n, "jobs.dir", JobsConfig.DEFAULT_DIR),
        bool(n, "jobs.syncOnStart", JobsConfig.DEFAULT_SYNC_ON_START),
        bool(n, "jobs.removeMissing", JobsConfig.DEFAULT_REMOVE_MISSING),
        bool(n, "jobs.watch", JobsConfig.DEFAULT_WATCH),
        duration(
            n,
            "jobs.rescanInterval",
            JobsConfig.DEFAULT_RESCAN_INTERVAL,
            JobsConfig.MIN_RESCAN_INTERVAL,
            JobsConfig.MAX_RESCAN_INTERVAL));
  }

  private ArtifactsConfig artifacts(JsonNode n) {
    unknownFields(n, "artifacts.", Set.of("dir", "maxOutputBytes", "stdoutCap", "retention"));
    return new ArtifactsConfig(
        path(n, "artifacts.dir", ArtifactsConfig.DEFAULT_DIR),
        maxOutputBytes(n),
        retention(section(n, "retention", "artifacts.retention")));
  }

  /** {@code artifacts.maxOutputBytes}, or its former name {@code stdoutCap}; not both. */
  private long maxOutputBytes(JsonNode n) {
    if (present(n, "maxOutputBytes") && present(n, "stdoutCap")) {
      problem(
          "artifacts.stdoutCap",
          "is the former name of artifacts.maxOutputBytes: set only maxOutputBytes");
    }
    String key = present(n, "stdoutCap") ? "stdoutCap" : "maxOutputBytes";
    return size(n, "artifacts." + key, ArtifactsConfig.DEFAULT_MAX_OUTPUT_BYTES);
  }

  private RetentionConfig retention(JsonNode n) {
    unknownFields(n, "artifacts.retention.", Set.of("keepLast", "olderThan"));
    OptionalInt keepLast =
        present(n, "keepLast")
            ? OptionalInt.of(integer(n, "artifacts.retention.keepLast", 1, 1, Integer.MAX_VALUE))
            : OptionalInt.empty();
    Optional<Duration> olderThan =
        present(n, "olderThan")
            ? Optional.of(
                duration(
                    n,
                    "artifacts.retention.olderThan",
                    Duration.ofDays(1),
                    Duration.ofMinutes(1),
                    Duration.ofDays(36500)))
            : Optional.empty();
    return new RetentionConfig(keepLast, olderThan);
  }

  private ApiConfig api(JsonNode n) {
    unknownFields(
        n,
        "api.",
        Set.of(
            "bind", "port", "token", "tokens", "tokenFile", "tls", "rateLimit", "trustedProxies"));
    String bind = string(n, "api.bind", ApiConfig.DEFAULT_BIND);
    if (bind.isBlank()) {
      problem("api.bind", "must not be empty");
    }
    String token = scalar(n, "api.token").orElseGet(() -> resolveEnv(DEFAULT_TOKEN));
    Optional<Path> tokenFile =
        present(n, "tokenFile")
            ? Optional.of(path(n, "api.tokenFile", Path.of(".")))
            : Optional.empty();
    return new ApiConfig(
        bind,
        integer(n, "api.port", ApiConfig.DEFAULT_PORT, 0, 65535),
        token.isEmpty() ? Optional.empty() : Optional.of(token),
        tokens(n.get("tokens")),
        tokenFile,
        tls(n),
        rateLimit(section(n, "rateLimit", "api.rateLimit")),
        trustedProxies(n));
  }

  /** {@code api.trustedProxies}: IP addresses and CIDR blocks, each checked with its index. */
  private List<AddressRange> trustedProxies(JsonNode api) {
    List<String> items = strings(api, "api.trustedProxies");
    List<AddressRange> ranges = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == null) {
        continue;
      }
      try {
        ranges.add(AddressRange.parse(items.get(i)));
      } catch (IllegalArgumentException e) {
        problem("api.trustedProxies[" + i + "]", e.getMessage());
      }
    }
    return ranges;
  }

  /** {@code api.tls}: absent or null = plain HTTP; else a keystore and its password. */
  private Optional<TlsConfig> tls(JsonNode api) {
    if (!present(api, "tls")) {
      return Optional.empty();
    }
    if (!api.get("tls").isObject()) {
      problem("api.tls", "must be a mapping {keystore, password}, got " + kind(api.get("tls")));
      return Optional.empty();
    }
    JsonNode n = api.get("tls");
    unknownFields(n, "api.tls.", Set.of("keystore", "password"));
    if (!present(n, "keystore")) {
      problem("api.tls.keystore", "is required: the path of a PKCS12 keystore");
    }
    Path keystore = path(n, "api.tls.keystore", Path.of("keystore.p12"));
    String password = string(n, "api.tls.password", "");
    if (password.isEmpty()) {
      problem(
          "api.tls.password",
          "must not be empty (write ${env:NAME} and set the variable; an unset one reads as empty)");
    }
    return Optional.of(new TlsConfig(keystore, password));
  }

  private RateLimitConfig rateLimit(JsonNode n) {
    unknownFields(
        n, "api.rateLimit.", Set.of("failures", "window", "blockFor", "slowAfter", "delay"));
    return new RateLimitConfig(
        integer(n, "api.rateLimit.failures", RateLimitConfig.DEFAULT_FAILURES, 1, 100_000),
        duration(
            n,
            "api.rateLimit.window",
            RateLimitConfig.DEFAULT_WINDOW,
            Duration.ofSeconds(1),
            Duration.ofDays(1)),
        duration(
            n,
            "api.rateLimit.blockFor",
            RateLimitConfig.DEFAULT_BLOCK_FOR,
            Duration.ofSeconds(1),
            Duration.ofDays(1)),
        integer(n, "api.rateLimit.slowAfter", RateLimitConfig.DEFAULT_SLOW_AFTER, 0, 100_000),
        duration(
            n,
            "api.rateLimit.delay",
            RateLimitConfig.DEFAULT_DELAY,
            Duration.ZERO,
            Duration.ofSeconds(10)));
  }

  /** {@code api.tokens}: a list of {@code {name, token}}; names unique, tokens not empty. */
  private List<ApiConfig.NamedToken> tokens(JsonNode list) {
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      problem("api.tokens", "must be a list of {name, token}, got " + kind(list));
      return List.of();
    }
    List<ApiConfig.NamedToken> tokens = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "api.tokens[" + i + "]";
      JsonNode item = list.get(i);
      if (!item.isObject()) {
        problem(at, "must be a mapping {name, token}, got " + kind(item));
        continue;
      }
      unknownFields(item, at + ".", Set.of("name", "token"));
      String name = scalar(item, at + ".name").orElse("");
      String token = scalar(item, at + ".token").orElse("");
      if (!TOKEN_NAME.matcher(name).matches()) {
        problem(at + ".name", "must be 1-64 of [A-Za-z0-9._-], got '" + name + "'");
      } else if (!names.add(name) || name.equals(ApiConfig.DEFAULT_TOKEN_NAME)) {
        problem(at + ".name", "'" + name + "' is used twice (api.token is named 'api')");
      }
      if (token.isBlank()) {
        problem(at + ".token", "must not be empty");
      }
      tokens.add(new ApiConfig.NamedToken(name, token));
    }
    return tokens;
  }

  private MetricsConfig metrics(JsonNode n) {
    unknownFields(n, "metrics.", Set.of("enabled", "perJobLabels", "maxPerJobLabels"));
    int max =
        integer(
            n,
            "metrics.maxPerJobLabels",
            MetricsConfig.DEFAULT_MAX_PER_JOB_LABELS,
            0,
            MetricsConfig.MAX_PER_JOB_LABELS);
    List<String> labels = new ArrayList<>();
    List<String> items = strings(n, "metrics.perJobLabels");
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == null) {
        continue;
      }
      String item = items.get(i).trim();
      if (!JOB_LABEL.matcher(item).matches()) {
        problem(
            "metrics.perJobLabels[" + i + "]",
            "must be a job id, a job id prefix ending in '*' (billing-*) or '*', got '"
                + items.get(i)
                + "'");
      } else if (labels.contains(item)) {
        problem("metrics.perJobLabels[" + i + "]", "'" + item + "' is listed twice");
      } else {
        labels.add(item);
      }
    }
    long ids = labels.stream().filter(s -> !s.endsWith("*")).count();
    if (ids > max) {
      problem(
          "metrics.perJobLabels",
          "lists "
              + ids
              + " job ids, more than metrics.maxPerJobLabels ("
              + max
              + "): raise the limit or list fewer");
    }
    return new MetricsConfig(
        bool(n, "metrics.enabled", MetricsConfig.DEFAULT_ENABLED), labels, max);
  }

  private LoggingConfig logging(JsonNode n) {
    unknownFields(
        n, "logging.", Set.of("file", "format", "maxFileSize", "maxHistory", "totalSizeCap"));
    Optional<Path> file = logFile(n);
    String format = string(n, "logging.format", "text").trim().toLowerCase(Locale.ROOT);
    if (!format.equals("text") && !format.equals("json")) {
      problem("logging.format", "must be text or json, got '" + format + "'");
      format = "text";
    }
    long maxFileSize =
        size(n, "logging.maxFileSize", LoggingConfig.DEFAULT_MAX_FILE_SIZE_BYTES, GB);
    long totalSizeCap =
        size(n, "logging.totalSizeCap", LoggingConfig.DEFAULT_TOTAL_SIZE_CAP_BYTES, 1024 * GB);
    if (totalSizeCap < maxFileSize) {
      problem(
          "logging.totalSizeCap",
          "must be at least logging.maxFileSize (" + maxFileSize + " bytes), got " + totalSizeCap);
      totalSizeCap = maxFileSize;
    }
    return new LoggingConfig(
        file,
        LoggingConfig.Format.valueOf(format.toUpperCase(Locale.ROOT)),
        maxFileSize,
        integer(n, "logging.maxHistory", LoggingConfig.DEFAULT_MAX_HISTORY_DAYS, 1, 3650),
        totalSizeCap);
  }

  /** {@code logging.file}: absent, null or empty = stderr only; else a file path. */
  private Optional<Path> logFile(JsonNode n) {
    String text = string(n, "logging.file", "").trim();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.contains("%")) {
      problem("logging.file", "must not contain '%' (rolled files are named from it)");
      return Optional.empty();
    }
    if (text.endsWith("/")) {
      problem("logging.file", "must name a file, not a folder, got '" + text + "'");
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(text));
    } catch (InvalidPathException e) {
      problem("logging.file", "is not a valid path: " + e.getReason());
      return Optional.empty();
    }
  }

  // ---- field readers: each reports its own problem and returns the default so reading goes on

  private JsonNode section(JsonNode parent, String name) {
    return section(parent, name, name);
  }

  private JsonNode section(JsonNode parent, String name, String path) {
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!n.isObject()) {
      problem(path, "must be a mapping, got " + kind(n));
      return JsonNodeFactory.instance.objectNode();
    }
    return n;
  }

  private static boolean present(JsonNode parent, String name) {
    JsonNode n = parent.get(name);
    return n != null && !n.isNull();
  }

  private void unknownFields(JsonNode n, String prefix, Set<String> known) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        problem(
            prefix + name, "unknown field; expected one of " + known.stream().sorted().toList());
      }
    }
  }

  /** A scalar's text with {@code ${env:NAME}} resolved; unset variables resolve to "". */
  private Optional<String> scalar(JsonNode parent, String path) {
    JsonNode n = parent.get(leaf(path));
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isValueNode()) {
      problem(path, "must be a single value, got " + kind(n));
      return Optional.empty();
    }
    return Optional.of(resolveEnv(n.asText()));
  }

  private String resolveEnv(String text) {
    Matcher m = ENV_REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.apply(m.group(1)).orElse("");
      if (!value.isEmpty()) {
        resolved.add(value);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * A list of scalars ({@code ${env:NAME}} resolved); absent or null = empty. An item that is not a
   * scalar is reported and stands as {@code null}.
   */
  private List<String> strings(JsonNode parent, String path) {
    JsonNode n = parent.get(leaf(path));
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      problem(path, "must be a list, got " + kind(n));
      return List.of();
    }
    if (n.size() > MAX_LIST) {
      problem(path, "must list at most " + MAX_LIST + " items, got " + n.size());
      return List.of();
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < n.size(); i++) {
      JsonNode item = n.get(i);
      if (item.isNull() || !item.isValueNode()) {
        problem(path + "[" + i + "]", "must be a single value, got " + kind(item));
        values.add(null); // keeps the indexes of the items after it
      } else {
        values.add(resolveEnv(item.asText()));
      }
    }
    return values;
  }

  private String string(JsonNode parent, String path, String fallback) {
    return scalar(parent, path).orElse(fallback);
  }

  private boolean bool(JsonNode parent, String path, boolean fallback) {
    Optional<String> v = scalar(parent, path);
    if (v.isEmpty()) {
      return fallback;
    }
    String s = v.get().trim().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    problem(path, "must be true or false, got '" + v.get() + "'");
    return fallback;
  }

  private int integer(JsonNode parent, String path, int fallback, int min, int max) {
    Optional<String> v = scalar(parent, path);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(v.get().trim());
      if (value < min || value > max) {
        problem(path, "must be between " + min + " and " + max + ", got " + value);
        return fallback;
      }
      return (int) value;
    } catch (NumberFormatException e) {
      problem(path, "must be a whole number, got '" + v.get() + "'");
      return fallback;
    }
  }

  private Duration duration(
      JsonNode parent, String path, Duration fallback, Duration min, Duration max) {
    Optional<String> v = scalar(parent, path);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      Duration d = Duration.parse(v.get().trim());
      if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
        problem(path, "must be between " + min + " and " + max + ", got " + d);
        return fallback;
      }
      return d;
    } catch (DateTimeParseException e) {
      problem(path, "must be an ISO-8601 duration such as PT30S, got '" + v.get() + "'");
      return fallback;
    }
  }

  private long size(JsonNode parent, String path, long fallback) {
    return size(parent, path, fallback, GB);
  }

  /** A size of 1KB up to {@code max} bytes. */
  private long size(JsonNode parent, String path, long fallback, long max) {
    Optional<String> v = scalar(parent, path);
    if (v.isEmpty()) {
      return fallback;
    }
    Matcher m = SIZE.matcher(v.get().trim());
    if (!m.matches()) {
      problem(path, "must be a size such as 1MB, 512KB or 65536, got '" + v.get() + "'");
      return fallback;
    }
    long unit =
        switch (m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT)) {
          case "KB" -> 1024L;
          case "MB" -> 1024L * 1024L;
          case "GB" -> 1024L * 1024L * 1024L;
          default -> 1L;
        };
    long bytes;
    try {
      bytes = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException e) {
      bytes = Long.MAX_VALUE;
    }
    if (bytes < 1024 || bytes > max) {
      problem(path, "must be between 1KB and " + (max / GB) + "GB, got '" + v.get() + "'");
      return fallback;
    }
    return bytes;
  }

  private Path path(JsonNode parent, String path, Path fallback) {
    Optional<String> v = scalar(parent, path);
    if (v.isEmpty()) {
      return fallback;
    }
    if (v.get().isBlank()) {
      problem(path, "must not be empty");
      return fallback;
    }
    try {
      return Path.of(v.get());
    } catch (InvalidPathException e) {
      problem(path, "is not a valid path: " + e.getReason());
      return fallback;
    }
  }

  /**
   * Records a problem. A value read through {@code ${env:NAME}} may be a secret: it never appears
   * in a problem (found by fuzzing the loader: "api.port: must be a whole number, got '<the
   * token>'").
   */
  private void problem(String path, String message) {
    String shown = message;
    for (String value : resolved) {
      shown = shown.replace(value, "***");
    }
    problems.add(new Problem(path, shown));
  }

  private static String leaf(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  private static String kind(JsonNode n) {
    return n.getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
