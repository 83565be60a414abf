package dev.cronstone.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever comes in, the loader answers with a spec or with problems, never with an exception. */
class SpecFuzzTest {
  private static final List<String> FRAGMENTS =
      List.of(
          "id: ",
          "job-1",
          "task:",
          "  type: ",
          "command",
          "http",
          "builtin",
          "  command: ",
          "[/bin/true]",
          "schedule:",
          "  cron: ",
          "'30 2 * * *'",
          "'* * * * * ? 2199'",
          "  timezone: ",
          "Europe/Berlin",
          "EST",
          "retry: {maxAttempts: ",
          "999999999999999999999",
          "}",
          "{",
          "[",
          "]",
          ",",
          ": ",
          "- ",
          "\n",
          "  ",
          "\t",
          "&a ",
          "*a",
          "<<: ",
          "!!str ",
          "!!java.lang.Runtime ",
          "---\n",
          "...\n",
          "? ",
          "|\n",
          ">\n",
          "'",
          "\"",
          "\\u0000",
          "${env:",
          "${",
          "$${",
          "PT5X",
          "P1M",
          "-PT1S",
          ".inf",
          "~",
          "null",
          "yes",
          "0x1F",
          "1e999",
          "#",
          "%YAML 1.2\n",
          "\u00e9",
          "\uFEFF",
          "\ud83d\ude00");

  @Provide
  Arbitrary<String> yamlish() {
    return Arbitraries.of(FRAGMENTS).list().ofMaxSize(40).map(parts -> String.join("", parts));
  }

  @Provide
  Arbitrary<String> editedGoodSpec() {
    String good =
        GoodSpecTest.resourceText("api-ping.yml")
            + GoodSpecTest.resourceText("nightly-report.yaml").replace("id: nightly-report\n", "");
    Arbitrary<Integer> at = Arbitraries.integers().between(0, good.length());
    Arbitrary<String> insert = Arbitraries.of(FRAGMENTS);
    Arbitrary<Integer> cut = Arbitraries.integers().between(0, 12);
    return net.jqwik.api.Combinators.combine(at, insert, cut)
        .as(
            (i, fragment, n) ->
                good.substring(0, i) + fragment + good.substring(Math.min(good.length(), i + n)))
        .list()
        .ofMinSize(1)
        .ofMaxSize(3)
        .map(edits -> edits.get(edits.size() - 1));
  }

  @Property(tries = 400)
  void edited_good_specs_never_throw(@ForAll("editedGoodSpec") String text) {
    assertAnswered(Specs.parse("f.yaml", text.getBytes(StandardCharsets.UTF_8)));
  }

  @Property(tries = 300)
  void random_bytes_never_throw(@ForAll @Size(max = 600) byte[] content) {
    assertAnswered(Specs.LOADER.parse("f.yaml", content));
    assertAnswered(Specs.LOADER.parse("f.json", content));
  }

  @Property(tries = 400)
  void random_yaml_ish_text_never_throws(@ForAll("yamlish") String text) {
    byte[] content = text.getBytes(StandardCharsets.UTF_8);
    assertAnswered(Specs.parse("f.yaml", content));
    assertAnswered(Specs.parse("f.json", content));
  }

  @Property(tries = 200)
  void random_strings_never_throw(@ForAll @Size(max = 300) String text) {
    assertAnswered(Specs.LOADER.parse("f.yml", text.getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertAnswered(SpecFile file) {
    assertThat(file.valid()).isEqualTo(file.spec().isPresent());
    assertThat(file.problems())
        .allSatisfy(
            p -> {
              assertThat(p.problem()).doesNotContain("internal error").doesNotContain("\n");
              assertThat(p.path()).isNotBlank();
            });
  }
}
