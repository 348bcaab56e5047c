package io.insightflow.spi;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import java.util.Objects;

/**
 * Where to resume a run: the chunk whose reading goes on and the position in it. Chunks before it
 * are finished. Immutable; {@link #toString()} is its stable string form.
 *
 * @param chunk index of the chunk to open next
 * @param position where to open it
 */
@Evolving
public record Checkpoint(int chunk, Position position) {

  public Checkpoint {
    Objects.requireNonNull(position, "position");
    if (chunk < 0) {
      throw new InsightflowException("chunk must be >= 0: " + chunk);
    }
  }

  @Override
  public String toString() {
    return "chunk=" + chunk + "," + position;
  }
}
