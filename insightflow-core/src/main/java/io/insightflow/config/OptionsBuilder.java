package io.insightflow.config;

import io.insightflow.api.Evolving;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Builds an options type from key values, through the same {@code fromProperties(settings)} that
 * reads {@code -D}, the environment and the pom, so the Java API uses the very same keys, defaults
 * and checks as every other runtime:
 *
 * <pre>{@code
 * SyncOptions options = SyncOptions.builder()
 *     .set(SYNC_MODE, "full").set(SYNC_THREADS, 4).set(TABLES, List.of("orders"))
 *     .build();
 * }</pre>
 *
 * <p>Values the options hold that are no keys (a deadline, a credentials provider) are set on the
 * built options with their {@code with…} methods. Not thread-safe; each {@link #build()} reads the
 * values set so far.
 *
 * @param <O> the options type
 */
@Evolving
public final class OptionsBuilder<O> {

  private final Function<Map<String, String>, O> from;
  private final Map<String, String> settings = new LinkedHashMap<>();

  /** A builder whose {@link #build()} calls {@code from} (an options type's {@code fromProperties}). */
  public OptionsBuilder(Function<Map<String, String>, O> from) {
    this.from = Objects.requireNonNull(from, "from");
  }

  /** Sets a key; null unsets it, so its default applies. */
  public <T> OptionsBuilder<O> set(ConfigKey<T> key, T value) {
    if (value == null) {
      settings.remove(key.name());
    } else {
      settings.put(key.name(), key.type().print(value));
    }
    return this;
  }

  /** Sets keys by name as text, as a properties file gives them (a per-table key's {@code <name>.<table>} too). */
  public OptionsBuilder<O> setAll(Map<String, String> values) {
    values.forEach((k, v) -> {
      if (v != null) {
        settings.put(k, v);
      }
    });
    return this;
  }

  /**
   * Parses and validates the values set, with the keys' defaults for the others.
   *
   * @throws io.insightflow.api.InsightflowConfigException naming the key at fault
   */
  public O build() {
    return from.apply(new LinkedHashMap<>(settings));
  }
}
