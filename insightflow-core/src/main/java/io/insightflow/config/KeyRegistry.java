package io.insightflow.config;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Printable;
import io.insightflow.api.Secrets;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A set of known keys: core's ({@link InsightflowProperties#registry()}) plus those the connectors
 * on the class path declare ({@code io.insightflow.spi.Connectors#registry}). It catches typos
 * ({@link #requireKnown}, {@link #unknownEnvironment}), maps the environment onto dotted names and
 * masks secrets. Immutable and thread-safe.
 */
@Evolving
public final class KeyRegistry {

  /** A pom property commonly holding the insightflow version; no key, but no typo either. */
  private static final String VERSION_PROPERTY = "insightflow.version";

  private final List<ConfigKey<?>> keys;

  private KeyRegistry(List<ConfigKey<?>> keys) {
    this.keys = List.copyOf(keys);
  }

  /** A registry of these keys, in this order. */
  public static KeyRegistry of(Collection<? extends ConfigKey<?>> keys) {
    return new KeyRegistry(List.copyOf(keys));
  }

  /**
   * The {@code public static final ConfigKey} fields of {@code holder}, in declaration order: the
   * keys are declared as constants and collected here, so there is no list to keep by hand.
   */
  public static List<ConfigKey<?>> declaredIn(Class<?> holder) {
    List<ConfigKey<?>> out = new ArrayList<>();
    for (Field field : holder.getDeclaredFields()) {
      int m = field.getModifiers();
      if (Modifier.isStatic(m) && Modifier.isPublic(m) && field.getType() == ConfigKey.class) {
        try {
          out.add((ConfigKey<?>) field.get(null));
        } catch (IllegalAccessException e) {
          throw new InsightflowConfigException(field.getName(), "Cannot read the key constant: " + e, e);
        }
      }
    }
    return out;
  }

  /** This registry with {@code more} keys appended (a connector's); a name already known is kept once. */
  public KeyRegistry plus(Collection<? extends ConfigKey<?>> more) {
    List<ConfigKey<?>> all = new ArrayList<>(keys);
    more.stream().filter(k -> find(k.name()).isEmpty()).forEach(all::add);
    return new KeyRegistry(all);
  }

  /** Every key, in documentation order. */
  public List<ConfigKey<?>> keys() {
    return keys;
  }

  /** The key that {@code name} names: the key itself, or one table's value of a per-table key. */
  public Optional<ConfigKey<?>> find(String name) {
    return keys.stream().filter(k -> k.name().equals(name)).findFirst()
        .or(() -> keys.stream().filter(k -> k.names(name)).findFirst());
  }

  /**
   * The known keys present in an environment, under their dotted names. A per-table key's variable
   * {@code <ENV_NAME>_ORDERS} becomes {@code <name>.orders}
   * (the table in lower case, as variables are upper case by convention).
   */
  public Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ConfigKey<?> key : keys) {
      String value = env.get(key.envName());
      if (value != null) {
        out.put(key.name(), value);
      }
    }
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
      tableKey(e.getKey()).ifPresent(name -> out.put(name, e.getValue()));
    }
    return out;
  }

  private Optional<String> tableKey(String variable) {
    if (keys.stream().anyMatch(k -> k.envName().equals(variable))) {
      return Optional.empty();
    }
    return keys.stream().filter(ConfigKey::perTable)
        .filter(k -> variable.startsWith(k.envName() + "_") && variable.length() > k.envName().length() + 1)
        .findFirst().map(k -> k.nameFor(variable.substring(k.envName().length() + 1).toLowerCase(Locale.ROOT)));
  }

  /**
   * Fails on the first {@code insightflow.*} name in {@code values} that is no key, most likely a
   * typo that would otherwise be ignored silently. {@code insightflow.version}, the usual name of a
   * pom property holding the version to use, is no key and passes.
   *
   * @param origin where the values came from, for the message, such as {@code -D} or the file's path
   * @throws InsightflowConfigException naming the unknown key, where it came from and the nearest known key
   */
  public void requireKnown(Map<String, String> values, String origin) {
    Objects.requireNonNull(origin, "origin");
    for (String name : new TreeSet<>(values.keySet())) {
      if (name.startsWith("insightflow.") && find(name).isEmpty() && !name.equals(VERSION_PROPERTY)) {
        throw new InsightflowConfigException(name, "Unknown key in " + origin + "; did you mean "
            + nearest(name, keys.stream().map(ConfigKey::name).toList())
            + "? (mvn insightflow:help -Ddetail and docs/configuration.md list every key)");
      }
    }
  }

  /**
   * The {@code INSIGHTFLOW_*} variables of an environment that name no key, each with the nearest
   * known variable ({@code INSIGHTFLOW_SYNC_THRAEDS (did you mean INSIGHTFLOW_SYNC_THREADS?)}), for
   * one warning line: a variable may belong to another tool, so it is not an error.
   */
  public List<String> unknownEnvironment(Map<String, String> env) {
    List<String> known = keys.stream().map(ConfigKey::envName).toList();
    return env.keySet().stream()
        .filter(v -> v.startsWith("INSIGHTFLOW_") && !known.contains(v) && tableKey(v).isEmpty()).sorted()
        .map(v -> Printable.of(v) + " (did you mean " + nearest(v, known) + "?)").toList();
  }

  /**
   * A copy of the map fit for printing: values of secret keys (and of unknown keys named like a
   * password) are replaced by {@code ****}, and credentials inside other values, such as a JDBC URL's
   * {@code user:password@} or {@code ?password=}, are masked by {@link Secrets#mask}.
   */
  public Map<String, String> masked(Map<String, String> values) {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, find(k).map(ConfigKey::secret)
        .orElse(k.toLowerCase(Locale.ROOT).contains("password")) ? Secrets.MASK : Secrets.mask(v)));
    return out;
  }

  /**
   * The candidate with the smallest edit distance to {@code name}, ignoring case, preferring those in
   * the same area (a mistyped ingest key is compared with the other ingest keys first); null when
   * there is none.
   */
  public static String nearest(String name, Collection<String> candidates) {
    String area = name.substring(0, name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    List<String> sameArea = candidates.stream().filter(c -> c.toLowerCase(Locale.ROOT).startsWith(area)).toList();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : sameArea.isEmpty() ? candidates : sameArea) {
      int d = editDistance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
