package io.insightflow.spi;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import java.util.Objects;

/**
 * A deterministic slice of a table that a {@link Source} can read, and read again with the same
 * result. Immutable; {@link #toString()} is its stable string form (used in checkpoints).
 *
 * @param table the table
 * @param index position in the table's plan, from 0
 * @param batchSize most rows per batch
 * @param range the source's own description of the slice, such as {@code rowid=0..1000000} or
 *     {@code all}; opaque to everyone but the source
 * @param repeatable whether a re-read returns the rows in the same order, so a reader can be opened
 *     at a {@link Position} of an earlier read; when false (a database that guarantees no order and a
 *     table with no key to order by), a stopped chunk is read again from {@link Position#START}
 */
@Evolving
public record Chunk(TableName table, int index, int batchSize, String range, boolean repeatable) {

  public Chunk {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(range, "range");
    if (index < 0 || batchSize <= 0) {
      throw new InsightflowException("index must be >= 0 and batchSize > 0: " + index + ", " + batchSize);
    }
  }

  @Override
  public String toString() {
    return table + "#" + index + "[" + range + "]";
  }
}
