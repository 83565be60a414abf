package dev.cronstone.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import dev.cronstone.error.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Loads {@code scheduler.yaml} strictly: every field optional with the defaults of section 8,
 * {@code ${env:NAME}} resolved in every value, unknown fields and bad values reported all at once
 * as {@code config_invalid} with their paths.
 */
public final class ConfigLoader {
  /** The config file used when neither {@code --config} nor {@code $JOBS_CONFIG} names one. */
  public static final Path DEFAULT_PATH = Path.of("config/scheduler.yaml");

  static final int MAX_BYTES = 64 * 1024;

  private final Function<String, Optional<String>> env;

  public ConfigLoader(Function<String, Optional<String>> env) {
    this.env = env;
  }

  /** A loader that resolves {@code ${env:NAME}} from this process's environment. */
  public static ConfigLoader fromSystemEnv() {
    return new ConfigLoader(name -> Optional.ofNullable(System.getenv(name)));
  }

  /**
   * The config a command runs with: the named file, else {@code $JOBS_CONFIG}, else {@code
   * config/scheduler.yaml} when it exists, else the built-in defaults.
   */
  public NodeConfig resolve(Optional<Path> explicit) {
    Optional<Path> chosen =
        explicit.or(() -> env.apply("JOBS_CONFIG").filter(s -> !s.isBlank()).map(Path::of));
    if (chosen.isPresent()) {
      return load(chosen.get());
    }
    return Files.isRegularFile(DEFAULT_PATH)
        ? load(DEFAULT_PATH)
        : parse("<defaults>", new byte[0]);
  }

  public NodeConfig load(Path file) {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw invalid(
            file.toString(), List.of(Problem.root("file is larger than " + MAX_BYTES + " bytes")));
      }
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw invalid(file.toString(), List.of(Problem.root("cannot read: " + e.getMessage())));
    }
    return parse(file.toString(), bytes);
  }

  /** Parses config bytes; an empty document means every default. */
  public NodeConfig parse(String source, byte[] bytes) {
    JsonNode root;
    try {
      root = readTree(bytes);
    } catch (ConfigSyntaxException e) {
      throw invalid(source, List.of(Problem.root(e.getMessage())));
    }
    ConfigReader reader = new ConfigReader(env);
    NodeConfig config = reader.read(root);
    if (!reader.problems().isEmpty()) {
      throw invalid(source, reader.problems());
    }
    return config;
  }

  private static JsonNode readTree(byte[] bytes) throws ConfigSyntaxException {
    if (bytes.length > MAX_BYTES) {
      throw new ConfigSyntaxException("config is larger than " + MAX_BYTES + " bytes");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigSyntaxException("config is not valid UTF-8 text");
    }
    if (text.indexOf('\0') >= 0) {
      throw new ConfigSyntaxException("config contains NUL bytes (binary content)");
    }
    if (text.isBlank()) {
      return new ObjectMapper().createObjectNode();
    }
    try {
      JsonNode node = mapper().readTree(text);
      if (node == null || node.isMissingNode() || node.isNull()) {
        return new ObjectMapper().createObjectNode();
      }
      if (!(node instanceof ObjectNode)) {
        throw new ConfigSyntaxException(
            "config must be a mapping of sections, not a "
                + node.getNodeType().name().toLowerCase());
      }
      return node;
    } catch (IOException | RuntimeException e) {
      throw new ConfigSyntaxException("not valid YAML: " + firstLine(e.getMessage()));
    }
  }

  private static ObjectMapper mapper() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setNestingDepthLimit(20);
    options.setCodePointLimit(MAX_BYTES);
    YAMLFactory factory = YAMLFactory.builder().loaderOptions(options).build();
    factory.setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(20).build());
    return new ObjectMapper(factory);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static CronstoneException invalid(String source, List<Problem> problems) {
    String message =
        problems.size() == 1
            ? "invalid config " + source + ": " + problems.get(0)
            : problems.size() + " problems in config " + source;
    return new CronstoneException(
        ErrorCode.CONFIG_INVALID, message, null, new ArrayList<>(problems));
  }

  static final class ConfigSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigSyntaxException(String message) {
      super(message);
    }
  }
}
