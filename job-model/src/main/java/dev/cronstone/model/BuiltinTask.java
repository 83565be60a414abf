package dev.cronstone.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A task built into Cronstone, for tests and demos: {@code noop}; {@code sleep} for {@code
 * args.duration}; {@code fail}, with an optional {@code args.message}; {@code echo} of {@code
 * args.message}.
 */
public record BuiltinTask(Name name, Optional<Duration> duration, Optional<String> message)
    implements TaskSpec {

  /** The built-in tasks. */
  public enum Name implements SpecName {
    NOOP,
    SLEEP,
    FAIL,
    ECHO;

    @Override
    @JsonValue
    public String specName() {
      return SpecName.lowerCase(this);
    }

    @Override
    public String toString() {
      return specName();
    }
  }

  public BuiltinTask {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(duration, "duration");
    Objects.requireNonNull(message, "message");
    if (duration.isPresent() != (name == Name.SLEEP)) {
      throw new IllegalArgumentException("duration is required by sleep and only by sleep");
    }
    if (duration.isPresent() && duration.get().isNegative()) {
      throw new IllegalArgumentException("duration must not be negative");
    }
    if (name == Name.ECHO ? message.isEmpty() : message.isPresent() && name != Name.FAIL) {
      throw new IllegalArgumentException("message is required by echo and allowed for fail only");
    }
  }

  public static BuiltinTask noop() {
    return new BuiltinTask(Name.NOOP, Optional.empty(), Optional.empty());
  }

  public static BuiltinTask sleep(Duration duration) {
    return new BuiltinTask(Name.SLEEP, Optional.of(duration), Optional.empty());
  }

  public static BuiltinTask echo(String message) {
    return new BuiltinTask(Name.ECHO, Optional.empty(), Optional.of(message));
  }

  public static BuiltinTask fail(Optional<String> message) {
    return new BuiltinTask(Name.FAIL, Optional.empty(), message);
  }

  @Override
  public TaskType type() {
    return TaskType.BUILTIN;
  }
}
