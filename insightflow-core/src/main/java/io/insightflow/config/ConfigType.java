package io.insightflow.config;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Printable;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The type of a {@link ConfigKey}'s value: how its text parses and how a value prints back (for the
 * defaults in the merged settings and the documentation). Every parse error names the key.
 *
 * @param <T> the value type
 */
@Evolving
public final class ConfigType<T> {

  /** Parses a key's trimmed, non-blank text. */
  @FunctionalInterface
  public interface Parser<T> {
    /**
     * @throws InsightflowConfigException naming {@code key} when the text is no value of the type
     */
    T parse(String key, String text);
  }

  /** Text as given (trimmed). */
  public static final ConfigType<String> STRING = new ConfigType<>((key, text) -> text, s -> s);

  /** A whole number; {@code _} is allowed as digit separator ({@code 1_000_000}). */
  public static final ConfigType<Long> LONG = new ConfigType<>(ConfigType::parseLong, String::valueOf);

  /**
   * A whole number clamped into the int range, so that the options' own range check names the key
   * and the value ({@code threads=9999999999} reads as 2147483647 and fails as out of range).
   */
  public static final ConfigType<Integer> INT = new ConfigType<>(
      (key, text) -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parseLong(key, text))),
      String::valueOf);

  /** A finite decimal number such as {@code 0.01}. */
  public static final ConfigType<Double> DOUBLE = new ConfigType<>(ConfigType::parseDouble,
      d -> java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString());

  /**
   * {@code true} or {@code false} in any case; anything else ({@code yes}, {@code 1}) is refused
   * rather than read as false, so a setting is never ignored silently.
   */
  public static final ConfigType<Boolean> BOOLEAN = new ConfigType<>(ConfigType::parseBoolean, String::valueOf);

  /** ISO-8601 ({@code PT30S}) or a whole number with a unit: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
  public static final ConfigType<Duration> DURATION = new ConfigType<>(ConfigType::parseDuration,
      ConfigType::formatDuration);

  /** Comma-separated items, each trimmed; empty items are dropped. Unset, it is the empty list. */
  public static final ConfigType<List<String>> LIST = new ConfigType<>(
      (key, text) -> Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
      items -> String.join(",", items), List.of());

  private final Parser<T> parser;
  private final Function<T, String> printer;
  private final T unset;

  private ConfigType(Parser<T> parser, Function<T, String> printer) {
    this(parser, printer, null);
  }

  private ConfigType(Parser<T> parser, Function<T, String> printer, T unset) {
    this.parser = parser;
    this.printer = printer;
    this.unset = unset;
  }

  /**
   * A type of its own, for a connector's setting (an enum, a URI…).
   *
   * @param parser parses trimmed non-blank text, throwing {@link InsightflowConfigException} naming the key
   * @param printer renders a value so that {@code parser} reads it back
   */
  public static <T> ConfigType<T> of(Parser<T> parser, Function<T, String> printer) {
    return new ConfigType<>(parser, printer);
  }

  /** Parses {@code text} (trimmed here) as this type; the exception names {@code key}. */
  public T parse(String key, String text) {
    return parser.parse(key, text.trim());
  }

  /** The value of a key of this type that is unset and has no default: null, or an empty list. */
  public T unset() {
    return unset;
  }

  /** The text form of a value, which {@link #parse} reads back. */
  public String print(T value) {
    return printer.apply(value);
  }

  private static long parseLong(String key, String text) {
    try {
      return Long.parseLong(text.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new InsightflowConfigException(key, "'" + Printable.of(text) + "' is not a whole number");
    }
  }

  private static double parseDouble(String key, String text) {
    try {
      double value = Double.parseDouble(text);
      if (!Double.isFinite(value)) {
        throw new NumberFormatException(text); // NaN and Infinity parse, but no setting means them
      }
      return value;
    } catch (NumberFormatException e) {
      throw new InsightflowConfigException(key, "'" + Printable.of(text) + "' is not a number", e);
    }
  }

  private static boolean parseBoolean(String key, String text) {
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text.toLowerCase(Locale.ROOT));
    }
    throw new InsightflowConfigException(key, "'" + Printable.of(text) + "' is not a boolean; use true or false");
  }

  /**
   * Parses a duration: ISO-8601 ({@code PT30S}) or a whole number with a unit: {@code 250ms},
   * {@code 30s}, {@code 5m}, {@code 1h}.
   *
   * @throws InsightflowConfigException naming {@code key} if the text is none of these
   */
  public static Duration parseDuration(String key, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      }
      long amount = Long.parseLong(t.substring(0, t.length() - 1).trim());
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        default -> throw new NumberFormatException(t);
      };
    } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new InsightflowConfigException(key, "'" + Printable.of(text)
          + "' is not a duration; use e.g. 250ms, 30s, 5m, 1h or ISO-8601 PT30S");
    }
  }

  /** Whole hours as {@code 1h}, else whole seconds as {@code 60s}, else {@code 250ms}. */
  private static String formatDuration(Duration d) {
    long ms = d.toMillis();
    if (ms != 0 && ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
  }
}
