package io.insightflow.spi;

import io.insightflow.config.ConfigKey;
import io.insightflow.api.Evolving;
import java.util.List;
import java.util.Map;

/**
 * Opens lakes of one kind by URI scheme ({@code file}, {@code s3}, …); found with
 * {@link java.util.ServiceLoader} (see {@link Connectors#objectStore}): list the class in
 * {@code META-INF/services/io.insightflow.spi.ObjectStoreProvider} of your jar. A plain directory
 * path is served by the {@code file} provider. Implementations are stateless, thread-safe and have a
 * public no-argument constructor; check the store with {@code ObjectStoreContract} from core's
 * test-jar.
 */
@Evolving
public interface ObjectStoreProvider {

  /** The URI scheme served, lower case, such as {@code s3}. */
  String scheme();

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
   * Opens the lake. Called on the caller's thread; may block on the network (a reachability check).
   *
   * @param location the value of {@code insightflow.lake}: a {@code scheme:} URI, or a directory path
   *     for the {@code file} provider
   * @param settings every setting by {@code InsightflowProperties} key (may contain secrets)
   * @return an open store, closed by the caller
   * @throws io.insightflow.api.InsightflowConfigException naming the key at fault
   */
  ObjectStore open(String location, Map<String, String> settings);
}
