package io.insightflow.spi;

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
   * Opens the sink. Called on the caller's thread; may block on the network.
   *
   * @param settings every setting by {@code InsightflowProperties} key (may contain secrets)
   * @return an open sink, closed by the caller
   * @throws io.insightflow.api.InsightflowConfigException naming the key at fault
   */
  Sink<?> open(Map<String, String> settings);
}
