package dev.cronstone.model;

import static dev.cronstone.model.Specs.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecSetTest {
  private static final String NOOP = "task: {type: builtin, name: noop}";

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void a_duplicate_id_is_flagged_on_every_file_that_has_it() throws IOException {
    write("a.yaml", lines("id: same", NOOP));
    write("b.json", "{\"id\": \"same\", \"task\": {\"type\": \"builtin\", \"name\": \"noop\"}}");
    write("c.yml", lines("id: same", NOOP, "limits: {maxConcurrent: 0}"));
    write("d.yaml", lines("id: other", NOOP));

    SpecSet set = Specs.LOADER.loadAll(List.of(dir));

    assertThat(set.files())
        .extracting(SpecFile::source)
        .containsExactly(
            dir.resolve("a.yaml").toString(), dir.resolve("b.json").toString(),
            dir.resolve("c.yml").toString(), dir.resolve("d.yaml").toString());
    assertThat(set.validSpecs()).extracting(JobSpec::id).containsExactly("other");
    assertThat(set.invalid())
        .hasSize(3)
        .allSatisfy(
            file -> {
              assertThat(file.spec()).isEmpty();
              assertThat(file.problems())
                  .anySatisfy(
                      p -> {
                        assertThat(p.path()).isEqualTo("id");
                        assertThat(p.problem()).startsWith("duplicate id 'same': also in ");
                      });
            });
    assertThat(set.files().get(0).problems().get(0).problem())
        .contains("b.json")
        .contains("c.yml")
        .doesNotContain("a.yaml");
    assertThat(set.files().get(2).problems()).hasSize(2);
    assertThat(set.allValid()).isFalse();
  }

  @Test
  void one_bad_file_never_hides_the_good_ones() throws IOException {
    write("01-good.yaml", lines("id: good-one", NOOP));
    write("02-garbage.yaml", "{{{ not yaml");
    write("03-empty.json", "");
    write(
        "04-good.json",
        "{\"id\": \"good-two\", \"task\": {\"type\": \"builtin\", \"name\": \"noop\"}}");

    SpecSet set = Specs.LOADER.loadAll(List.of(dir));

    assertThat(set.files()).hasSize(4);
    assertThat(set.validSpecs()).extracting(JobSpec::id).containsExactly("good-one", "good-two");
    assertThat(set.invalid()).extracting(f -> f.problems().get(0).path()).containsOnly("$");
    assertThat(set.spec("good-two")).isPresent();
    assertThat(set.spec("missing")).isEmpty();
  }

  @Test
  void folders_list_only_spec_files_sorted_and_not_recursively() throws IOException {
    write("b.yml", lines("id: b", NOOP));
    write("a.yaml", lines("id: a", NOOP));
    write("README.md", "not a spec");
    write(".hidden.yaml", "broken: [");
    Files.createDirectory(dir.resolve("sub.yaml"));
    Files.writeString(dir.resolve("sub.yaml").resolve("c.yaml"), lines("id: c", NOOP));

    SpecSet set = Specs.LOADER.loadAll(List.of(dir));

    assertThat(set.validSpecs()).extracting(JobSpec::id).containsExactly("a", "b");
    assertThat(set.allValid()).isTrue();
  }

  @Test
  void files_and_folders_mix_and_a_file_named_twice_is_read_once() throws IOException {
    Path a = write("a.yaml", lines("id: a", NOOP));
    Path other = Files.createDirectory(dir.resolve("other"));
    Path outside = Files.writeString(other.resolve("x.txt"), "id: x");

    SpecSet set = Specs.LOADER.loadAll(List.of(dir, a, outside, dir.resolve("gone.yaml")));

    assertThat(set.files())
        .extracting(SpecFile::source)
        .containsExactly(a.toString(), outside.toString(), dir.resolve("gone.yaml").toString());
    assertThat(set.validSpecs()).extracting(JobSpec::id).containsExactly("a");
    assertThat(set.invalid())
        .extracting(f -> f.problems().get(0).problem())
        .containsExactly(
            "unsupported file type: spec files end in .yaml, .yml or .json", "no such file");
  }

  @Test
  void an_empty_folder_gives_an_empty_set() {
    SpecSet set = Specs.LOADER.loadAll(List.of(dir));

    assertThat(set.files()).isEmpty();
    assertThat(set.allValid()).isTrue();
  }
}
