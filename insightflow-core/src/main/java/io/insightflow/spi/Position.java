package io.insightflow.spi;

import io.insightflow.api.InsightflowException;
import io.insightflow.api.Stable;

/**
 * How far a {@link SourceReader} got into its chunk: the number of rows already read. Opening the
 * same chunk at a position continues with the next row. Immutable.
 *
 * @param rows rows of the chunk before this position
 */
@Stable
public record Position(long rows) {

  /** The beginning of a chunk. */
  public static final Position START = new Position(0);

  public Position {
    if (rows < 0) {
      throw new InsightflowException("rows must be >= 0: " + rows);
    }
  }

  @Override
  public String toString() {
    return "rows=" + rows;
  }
}
