package dev.cronstone.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Builds a {@link JsonNode} tree from parser tokens, refusing what a spec never needs and a hostile
 * file might use: YAML aliases and tags, binary values, non-finite numbers, NUL characters and deep
 * nesting. Integers become the smallest node type that holds them, so YAML and JSON give equal
 * trees.
 */
final class TreeBuilder {
  static final int MAX_DEPTH = 32;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";

  private final JsonParser parser;

  TreeBuilder(JsonParser parser) {
    this.parser = parser;
  }

  /** The next document's root, or null at the end of the input. */
  JsonNode next() throws IOException, SpecSyntaxException {
    JsonToken token = parser.nextToken();
    return token == null ? null : value(token, 0);
  }

  private JsonNode value(JsonToken token, int depth) throws IOException, SpecSyntaxException {
    checkYaml();
    switch (token) {
      case START_OBJECT:
        return object(depth + 1);
      case START_ARRAY:
        return array(depth + 1);
      case VALUE_STRING:
        return NODES.textNode(text(parser.getText()));
      case VALUE_NUMBER_INT:
        return integer(parser.getBigIntegerValue());
      case VALUE_NUMBER_FLOAT:
        return floating(parser.getDoubleValue());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      case VALUE_NULL:
        return NODES.nullNode();
      case VALUE_EMBEDDED_OBJECT:
        throw failure("binary values are not allowed");
      default:
        throw failure("unexpected " + token);
    }
  }

  private ObjectNode object(int depth) throws IOException, SpecSyntaxException {
    checkDepth(depth);
    ObjectNode node = NODES.objectNode();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
      if (t != JsonToken.FIELD_NAME) {
        throw failure("unexpected " + t + " in a mapping");
      }
      checkYaml();
      String name = text(parser.currentName());
      node.set(name, value(parser.nextToken(), depth));
    }
    return node;
  }

  private ArrayNode array(int depth) throws IOException, SpecSyntaxException {
    checkDepth(depth);
    ArrayNode node = NODES.arrayNode();
    for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
      if (t == null) {
        throw failure("unexpected end of input in a list");
      }
      node.add(value(t, depth));
    }
    return node;
  }

  private void checkDepth(int depth) throws SpecSyntaxException {
    if (depth > MAX_DEPTH) {
      throw failure("nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private void checkYaml() throws IOException, SpecSyntaxException {
    if (!(parser instanceof YAMLParser yaml)) {
      return;
    }
    if (yaml.isCurrentAlias()) {
      throw failure(
          "YAML aliases (*" + yaml.getText() + ") are not supported: write the value out");
    }
    String tag = yaml.getTypeId();
    if (tag != null && parser.currentToken() != JsonToken.FIELD_NAME) {
      String shown =
          tag.startsWith(YAML_TAG_PREFIX)
              ? "!!" + tag.substring(YAML_TAG_PREFIX.length())
              : "!" + tag;
      throw failure("YAML tags such as '" + Texts.clip(shown, 60) + "' are not allowed");
    }
  }

  private String text(String value) throws SpecSyntaxException {
    if (value == null) {
      throw failure("unexpected end of input");
    }
    if (value.indexOf('\0') >= 0) {
      throw failure("text contains a NUL character");
    }
    return value;
  }

  private static JsonNode integer(BigInteger value) {
    if (value.bitLength() < 32) {
      return NODES.numberNode(value.intValue());
    }
    if (value.bitLength() < 64) {
      return NODES.numberNode(value.longValue());
    }
    return NODES.numberNode(value);
  }

  private JsonNode floating(double value) throws SpecSyntaxException {
    if (!Double.isFinite(value)) {
      throw failure("number out of range");
    }
    return NODES.numberNode(value);
  }

  private SpecSyntaxException failure(String problem) {
    return new SpecSyntaxException(problem + Texts.at(parser.currentTokenLocation()));
  }
}
