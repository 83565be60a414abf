package dev.cronstone.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantTest {
  private static final long YEAR_0000 = -62_167_219_200L;
  private static final long YEAR_10000 = 253_402_300_800L;

  @Test
  void edge_instants_read_as_instant_to_string() {
    List<Instant> edges =
        List.of(
            Instant.EPOCH,
            Instant.ofEpochSecond(0, 1),
            Instant.ofEpochSecond(0, 999_999_999),
            Instant.ofEpochSecond(-1, 999_999_999),
            Instant.ofEpochSecond(-1),
            Instant.ofEpochMilli(1),
            Instant.ofEpochSecond(0, 1000),
            Instant.ofEpochSecond(0, 1_001_000),
            Instant.ofEpochSecond(0, 100_000_000),
            Instant.ofEpochSecond(0, 10),
            Instant.parse("2026-11-21T01:30:00Z"),
            Instant.parse("2026-11-21T01:30:00.020Z"),
            Instant.parse("2024-02-29T23:59:59.999999Z"),
            Instant.parse("2100-03-01T00:00:00Z"),
            Instant.parse("1900-02-28T12:00:00.5Z"),
            Instant.ofEpochSecond(YEAR_0000),
            Instant.ofEpochSecond(YEAR_10000 - 1, 999_999_999),
            Instant.ofEpochSecond(YEAR_10000 - 1, 123_000_000));
    for (Instant instant : edges) {
      assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString());
    }
  }

  @Test
  void years_outside_0000_to_9999_are_left_to_instant_to_string() {
    List<Instant> outside =
        List.of(
            Instant.MIN,
            Instant.MAX,
            Instant.ofEpochSecond(YEAR_0000 - 1, 999_999_999),
            Instant.ofEpochSecond(YEAR_10000),
            Instant.parse("-0001-12-31T23:59:59Z"),
            Instant.parse("+10000-01-01T00:00:00.001Z"));
    for (Instant instant : outside) {
      assertThat(IsoInstant.write(instant, new byte[IsoInstant.MAX_LENGTH], 0)).isEqualTo(-1);
      assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString());
    }
  }

  @Test
  void random_instants_of_every_precision_read_as_instant_to_string() {
    Random random = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      long second =
          switch (i % 3) {
            case 0 -> YEAR_0000 + random.nextLong(YEAR_10000 - YEAR_0000);
            case 1 -> 1_600_000_000L + random.nextInt(400_000_000);
            default ->
                Instant.MIN.getEpochSecond()
                    + (long) (random.nextDouble() * 2 * Instant.MAX.getEpochSecond());
          };
      int nanos =
          switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(second, nanos);

      assertThat(IsoInstant.format(instant)).isEqualTo(instant.toString());
    }
  }

  @Test
  void it_writes_at_an_offset_and_says_where_it_ended() {
    byte[] out = new byte[5 + IsoInstant.MAX_LENGTH];
    Instant instant = Instant.parse("9999-12-31T23:59:59.999999999Z");

    int end = IsoInstant.write(instant, out, 5);

    assertThat(end).isEqualTo(5 + IsoInstant.MAX_LENGTH);
    assertThat(new String(out, 5, end - 5, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo(instant.toString());
  }
}
