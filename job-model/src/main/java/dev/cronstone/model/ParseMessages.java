package dev.cronstone.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** One-line, user-facing messages for what Jackson and SnakeYAML throw. Never a stack trace. */
final class ParseMessages {
  private static final int MAX_LENGTH = 240;

  private ParseMessages() {}

  static String of(Throwable error, SpecFormat format) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException marked) {
        return "invalid YAML: " + marked(marked);
      }
    }
    if (error instanceof JsonProcessingException json) {
      String message = firstLine(json.getOriginalMessage());
      String prefix = format == SpecFormat.YAML ? "invalid YAML: " : "invalid JSON: ";
      return prefix + Texts.clip(decapitalize(message), MAX_LENGTH) + Texts.at(json.getLocation());
    }
    if (error instanceof StackOverflowError) {
      return "nested too deeply";
    }
    String message = error.getClass().getSimpleName() + ": " + firstLine(error.getMessage());
    return Texts.clip(message, MAX_LENGTH);
  }

  private static String marked(MarkedYAMLException e) {
    StringBuilder message = new StringBuilder();
    if (e.getContext() != null) {
      message.append(firstLine(e.getContext())).append(": ");
    }
    message.append(firstLine(e.getProblem()));
    Mark mark = e.getProblemMark();
    String where =
        mark == null
            ? ""
            : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
    String hint =
        e.getContext() != null && e.getContext().contains("alias")
            ? "; a value that starts with '*' must be quoted, e.g. cron: \"* * * * *\""
            : "";
    return Texts.clip(message.toString(), MAX_LENGTH) + where + hint;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unknown error";
    }
    String line = text.strip().lines().findFirst().orElse("unknown error");
    return line.replaceAll(", from `[^`]*`\\)", ")");
  }

  private static String decapitalize(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }
}
