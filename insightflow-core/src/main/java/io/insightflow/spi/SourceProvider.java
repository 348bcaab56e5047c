package io.insightflow.spi;

import io.insightflow.config.ConfigKey;
import java.util.List;
import io.insightflow.api.Evolving;

/**
 * Creates {@link Source}s for the source URLs it accepts; found with {@link java.util.ServiceLoader}
 * (see {@link Connectors#source}).
 *
 * <p>Implementations are stateless, thread-safe and have a public no-argument constructor. Loading
 * a provider must be cheap and must not fail when an optional driver is absent: check for it in
 * {@link #open}.
 */
@Evolving
public interface SourceProvider {

  /** A short unique name for messages and manifests, such as {@code duckdb} or {@code mariadb}. */
  String name();

  /** Whether this provider reads the URL, typically by its scheme ({@code jdbc:duckdb:}). */
  boolean accepts(String url);

  /**
   * Order among the providers that accept a URL: the lowest wins. A catch-all provider (generic
   * JDBC) returns a high value so that any specific one is preferred.
   */
  default int priority() {
    return 0;
  }

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
   * Connects. Called on the caller's thread; may block on the network.
   *
   * @return an open source, closed by the caller
   * @throws io.insightflow.api.InsightflowConfigException naming {@code insightflow.source.url} when the
   *     source cannot be reached or its driver is missing (the message names what to add)
   */
  Source open(SourceConfig config);
}
