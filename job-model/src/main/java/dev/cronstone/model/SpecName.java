package dev.cronstone.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** An enum constant with the name it has in a spec file ({@code fire_once_now}, {@code GET}). */
interface SpecName {
  String specName();

  static <E extends Enum<E> & SpecName> Optional<E> lookup(Class<E> type, String text) {
    return Arrays.stream(type.getEnumConstants())
        .filter(e -> e.specName().equals(text))
        .findFirst();
  }

  static <E extends Enum<E> & SpecName> String choices(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(SpecName::specName)
        .collect(Collectors.joining(", "));
  }

  static String lowerCase(Enum<?> e) {
    return e.name().toLowerCase(java.util.Locale.ROOT);
  }
}
