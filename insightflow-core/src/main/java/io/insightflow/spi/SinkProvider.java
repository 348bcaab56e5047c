package io.insightflow.spi;

import io.insightflow.config.ConfigKey;
import java.util.List;
import io.insightflow.api.Evolving;
import java.util.Map;

/**
 * Creates {@link Sink}s by name; found with {@link java.util.ServiceLoader} (see
 * {@link Connectors#sink}). Implementations are stateless, thread-safe and have a public
 * no-argument constructor.
 */
@Evolving
public interface SinkProvider {

  /** The name users select the sink by, such as {@code lake} ({@code insightflow.ingest.sink}). */
  String name();

  /**
   * The keys of this connector's own settings, declared as {@link ConfigKey} constants under a
   * prefix of its own below {@code insightflow.} (such as {@code insightflow.source.mariadb.*}; only
   * {@code insightflow.*} names are read from {@code -D}, files and the environment). They join core's
   * keys in the unknown-key check (a typo fails naming the nearest key), the environment mapping and
   * masking. Read them with {@link ConfigKey#value} or {@link SourceConfig#setting}. Default: none.
   */
  default List<ConfigKey<?>> configKeys() {
    return List.of();
  }

  /**
   * Opens the sink. Called on the caller's thread; may block on the network.
   *
   * @param settings every setting by {@code InsightflowProperties} key (may contain secrets)
   * @return an open sink, closed by the caller
   * @throws io.insightflow.api.InsightflowConfigException naming the key at fault
   */
  Sink<?> open(Map<String, String> settings);
}
