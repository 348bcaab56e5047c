package io.insightflow.config;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Printable;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One configuration key, declared once with everything that follows from it: the dotted name
 * ({@code insightflow.sync.threads}) used in Java, Maven and files, the environment name
 * ({@code INSIGHTFLOW_SYNC_THREADS}), the {@link ConfigType type} that parses it, the typed
 * default, the description (docs and Maven help) and whether it is secret or Lambda-only.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * static final ConfigKey<Duration> RETRY_TIMEOUT = ConfigKey.key("insightflow.sync.retryTimeout")
 *     .durationType().defaultValue(Duration.ofSeconds(60))
 *     .description("How long sync retries when PostgreSQL refuses connections");
 * Duration timeout = RETRY_TIMEOUT.value(settings);  // parsed, or the default
 * }</pre>
 *
 * <p>A {@linkplain Builder#perTable() per-table} key also takes one value per table:
 * {@code <name>.orders} (environment {@code <ENV_NAME>_ORDERS}, e.g. a write mode per table)
 * overrides {@code <name>} for table {@code orders} ({@link #value(Map, String)}).
 *
 * <p>A key may carry the rule its values follow on their own ({@link Typed#range}, {@link Typed#positive},
 * {@link Typed#oneOf}…): it is checked wherever the key is read, and the documentation shows it. Rules
 * that relate several keys belong to the options type that reads them.
 *
 * <p>A connector declares the keys of its own settings the same way and lists them in its
 * provider's {@code configKeys()}, so that typos in them are caught like typos in core's keys.
 *
 * @param <T> the value type
 */
@Evolving
public final class ConfigKey<T> {

  private final String name;
  private final ConfigType<T> type;
  private final T defaultValue;
  private final String description;
  private final boolean secret;
  private final boolean lambdaOnly;
  private final boolean perTable;
  private final String constraint;
  private final Predicate<? super T> valid;

  private ConfigKey(Typed<T> b, String description) {
    this.name = b.name;
    this.type = b.type;
    this.defaultValue = b.defaultValue;
    this.description = Objects.requireNonNull(description, "description");
    this.secret = b.secret;
    this.lambdaOnly = b.lambdaOnly;
    this.perTable = b.perTable;
    this.constraint = b.constraint;
    this.valid = b.valid;
  }

  /** Starts a declaration; the name is dotted, such as {@code insightflow.sync.threads} or {@code mariadb.x}. */
  public static Builder key(String name) {
    return new Builder(Objects.requireNonNull(name, "name"));
  }

  /** The dotted name. */
  public String name() {
    return name;
  }

  /** {@code insightflow.sync.threads} → {@code INSIGHTFLOW_SYNC_THREADS}. */
  public String envName() {
    return envName(name);
  }

  /** The environment form of a dotted name. */
  public static String envName(String dotted) {
    return dotted.replace('.', '_').toUpperCase(Locale.ROOT);
  }

  public ConfigType<T> type() {
    return type;
  }

  /** The default, or null when the key has none. */
  public T defaultValue() {
    return defaultValue;
  }

  /** The default as text, as the documentation and the merged settings show it; null when none. */
  public String defaultText() {
    return defaultValue == null ? null : type.print(defaultValue);
  }

  public String description() {
    return description;
  }

  /** The rule every value follows, as the documentation shows it ({@code between 1 and 256}); null for none. */
  public String constraint() {
    return constraint;
  }

  /** Whether the value must never be printed. */
  public boolean secret() {
    return secret;
  }

  /** Whether only the Lambda handlers read the key (it needs AWS clients that core does not carry). */
  public boolean lambdaOnly() {
    return lambdaOnly;
  }

  /** Whether the key also takes one value per table, under {@code <name>.<table>}. */
  public boolean perTable() {
    return perTable;
  }

  /** The name of this key's value for one table, {@code <name>.<table>}. */
  public String nameFor(String table) {
    return name + "." + Objects.requireNonNull(table, "table");
  }

  /** Whether {@code dotted} names this key, or one table's value of it when the key is per table. */
  public boolean names(String dotted) {
    return dotted.equals(name) || perTable && dotted.startsWith(name + ".") && dotted.length() > name.length() + 1;
  }

  /**
   * The parsed value in {@code settings}, or the default when absent or blank (when there is none,
   * the type's {@linkplain ConfigType#unset() unset value}: null, or an empty list).
   *
   * @throws io.insightflow.api.InsightflowConfigException naming the key if the text does not parse
   */
  public T value(Map<String, String> settings) {
    return parsed(settings, name).orElse(defaultValue != null ? defaultValue : type.unset());
  }

  /**
   * The value for one table: {@code <name>.<table>} when set (the table matched exactly, else
   * ignoring case, as environment names are upper case), else {@link #value(Map)}.
   *
   * @throws io.insightflow.api.InsightflowConfigException naming the key if the text does not parse
   */
  public T value(Map<String, String> settings, String table) {
    if (!perTable) {
      return value(settings);
    }
    String exact = nameFor(table);
    String found = settings.containsKey(exact) ? exact : settings.keySet().stream()
        .filter(k -> k.equalsIgnoreCase(exact)).sorted().findFirst().orElse(exact);
    return parsed(settings, found).orElseGet(() -> value(settings));
  }

  /**
   * Every one-table value set in {@code settings} ({@code <name>.<table>}), parsed and checked, by
   * table as the names spell it, in name order; blank values (the default) are left out. Empty
   * for a key that is not per table.
   *
   * @throws io.insightflow.api.InsightflowConfigException naming the key if a text does not parse
   */
  public Map<String, T> tableValues(Map<String, String> settings) {
    Map<String, T> out = new LinkedHashMap<>();
    if (perTable) {
      for (String dotted : new TreeMap<>(settings).keySet()) {
        if (!dotted.equals(name) && names(dotted)) {
          parsed(settings, dotted).ifPresent(v -> out.put(dotted.substring(name.length() + 1), v));
        }
      }
    }
    return out;
  }

  private Optional<T> parsed(Map<String, String> settings, String key) {
    String text = settings.get(key);
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    T value = type.parse(key, text);
    if (!valid.test(value)) {
      throw new InsightflowConfigException(key, "must be " + constraint + ", not "
          + (secret ? "****" : Printable.of(type.print(value))));
    }
    return Optional.of(value);
  }

  @Override
  public String toString() {
    return name;
  }

  /** Chooses the type of a key. */
  public static final class Builder {
    private final String name;

    private Builder(String name) {
      this.name = name;
    }

    public Typed<String> stringType() {
      return type(ConfigType.STRING);
    }

    public Typed<Integer> intType() {
      return type(ConfigType.INT);
    }

    public Typed<Long> longType() {
      return type(ConfigType.LONG);
    }

    public Typed<Double> doubleType() {
      return type(ConfigType.DOUBLE);
    }

    public Typed<Boolean> booleanType() {
      return type(ConfigType.BOOLEAN);
    }

    public Typed<Duration> durationType() {
      return type(ConfigType.DURATION);
    }

    /** Comma-separated items ({@code orders,products}). */
    public Typed<List<String>> listType() {
      return type(ConfigType.LIST);
    }

    public <T> Typed<T> type(ConfigType<T> type) {
      return new Typed<>(name, Objects.requireNonNull(type, "type"));
    }
  }

  /** The rest of a declaration; {@link #description} ends it. */
  public static final class Typed<T> {
    private final String name;
    private final ConfigType<T> type;
    private T defaultValue;
    private boolean secret;
    private boolean lambdaOnly;
    private boolean perTable;
    private String constraint;
    private Predicate<? super T> valid = v -> true;

    private Typed(String name, ConfigType<T> type) {
      this.name = name;
      this.type = type;
    }

    public Typed<T> defaultValue(T defaultValue) {
      this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
      return this;
    }

    /** Never printed; has no default. */
    public Typed<T> secret() {
      this.secret = true;
      return this;
    }

    /** Read by the Lambda handlers only; no Maven parameter. */
    public Typed<T> lambdaOnly() {
      this.lambdaOnly = true;
      return this;
    }

    /** Also takes one value per table, {@code <name>.<table>}, which overrides the run-wide value. */
    public Typed<T> perTable() {
      this.perTable = true;
      return this;
    }

    /**
     * Every value must pass {@code valid}; {@code constraint} says how, for errors and documentation
     * ({@code key: must be <constraint>, not <value>}). One rule per key.
     */
    public Typed<T> check(String constraint, Predicate<? super T> valid) {
      this.constraint = Objects.requireNonNull(constraint, "constraint");
      this.valid = Objects.requireNonNull(valid, "valid");
      return this;
    }

    /** A number from {@code min} to {@code max}, both included. */
    public Typed<T> range(long min, long max) {
      return check("between " + min + " and " + max, v -> ((Number) v).longValue() >= min
          && ((Number) v).longValue() <= max);
    }

    /** A number above zero, or a duration longer than zero. */
    public Typed<T> positive() {
      return check("> 0", v -> sign(v) > 0);
    }

    /** A number or duration that is not negative. */
    public Typed<T> nonNegative() {
      return check(">= 0", v -> sign(v) >= 0);
    }

    /** One of these words, in any case. */
    public Typed<T> oneOf(String... allowed) {
      return check("one of " + String.join(" | ", allowed),
          v -> Arrays.stream(allowed).anyMatch(a -> a.equalsIgnoreCase(v.toString())));
    }

    private static int sign(Object value) {
      return value instanceof Duration d ? (d.isNegative() ? -1 : d.isZero() ? 0 : 1)
          : (int) Math.signum(((Number) value).doubleValue());
    }

    /** Ends the declaration with the one-line description users read. */
    public ConfigKey<T> description(String description) {
      return new ConfigKey<>(this, description);
    }
  }
}
