package dev.cronstone.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Turns a spec file's bytes into the tree of its one top-level mapping, or a {@code $} problem.
 * Checks, in order: the size cap, NUL bytes, strict UTF-8, blank content; then parses with Jackson
 * under tight limits (see {@link TreeBuilder} for what the tree refuses).
 */
final class SpecReader {
  /** The largest spec file read, in bytes. */
  static final int MAX_BYTES = 256 * 1024;

  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(2 * TreeBuilder.MAX_DEPTH)
          .maxStringLength(MAX_BYTES)
          .maxNameLength(1024)
          .maxNumberLength(100)
          .maxDocumentLength(MAX_BYTES)
          .build();
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(LIMITS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();
  private static final YAMLFactory YAML =
      YAMLFactory.builder()
          .loaderOptions(loaderOptions())
          .streamReadConstraints(LIMITS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private SpecReader() {}

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(10);
    options.setNestingDepthLimit(2 * TreeBuilder.MAX_DEPTH);
    options.setCodePointLimit(MAX_BYTES);
    options.setAllowDuplicateKeys(false);
    options.setAllowRecursiveKeys(false);
    return options;
  }

  static ObjectNode read(byte[] content, SpecFormat format) throws SpecSyntaxException {
    if (content.length > MAX_BYTES) {
      throw new SpecSyntaxException(
          "file is " + kib(content.length) + "; spec files are limited to " + kib(MAX_BYTES));
    }
    for (byte b : content) {
      if (b == 0) {
        throw new SpecSyntaxException("file contains NUL bytes: it is binary, not YAML or JSON");
      }
    }
    String text = decode(content);
    if (text.isBlank()) {
      throw new SpecSyntaxException("file is empty");
    }
    try {
      return parse(text, format);
    } catch (JsonProcessingException e) {
      throw new SpecSyntaxException(ParseMessages.of(e, format));
    } catch (IOException | RuntimeException | StackOverflowError e) {
      throw new SpecSyntaxException(
          "cannot parse the " + format + ": " + ParseMessages.of(e, format));
    }
  }

  private static ObjectNode parse(String text, SpecFormat format)
      throws IOException, SpecSyntaxException {
    JsonFactory factory = format == SpecFormat.YAML ? YAML : JSON;
    try (JsonParser parser = factory.createParser(text)) {
      TreeBuilder builder = new TreeBuilder(parser);
      JsonNode root = builder.next();
      if (root == null) {
        throw new SpecSyntaxException("file is empty (only comments or blank lines)");
      }
      if (parser.nextToken() != null) {
        throw new SpecSyntaxException(
            format == SpecFormat.YAML
                ? "file holds several YAML documents ('---'): put one job in each file"
                : "unexpected content after the JSON object");
      }
      if (!root.isObject()) {
        throw new SpecSyntaxException(
            "a job spec is a mapping of fields (id, task, ...) at the top level, got "
                + Texts.describe(root));
      }
      return (ObjectNode) root;
    }
  }

  private static String decode(byte[] content) throws SpecSyntaxException {
    int start = startsWithBom(content) ? 3 : 0;
    ByteBuffer in = ByteBuffer.wrap(content, start, content.length - start);
    CharBuffer out = CharBuffer.allocate(content.length);
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new SpecSyntaxException(
          "file is not UTF-8 text (invalid byte at offset " + in.position() + ")");
    }
    return out.flip().toString();
  }

  private static boolean startsWithBom(byte[] content) {
    return content.length >= 3
        && content[0] == (byte) 0xEF
        && content[1] == (byte) 0xBB
        && content[2] == (byte) 0xBF;
  }

  private static String kib(int bytes) {
    return bytes % 1024 == 0
        ? bytes / 1024 + " KiB"
        : String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
  }
}
