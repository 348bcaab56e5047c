package io.insightflow.spi;

import io.insightflow.api.Evolving;

/**
 * Publishes what a {@link SinkWriter} prepared, atomically for readers: on a lake, the manifest
 * written last; on a database, one transaction.
 *
 * <p>Must be idempotent: committing the same committable again (a retry after an unknown outcome)
 * leaves the same result, never a duplicate. Thread-safe; may block.
 *
 * @param <C> what the writers prepare
 */
@FunctionalInterface
@Evolving
public interface Committer<C> {

  /**
   * Publishes the committable.
   *
   * @throws io.insightflow.api.InsightflowException when publishing fails; nothing was published then,
   *     or exactly what a successful commit publishes
   */
  void commit(C committable);
}
