package io.insightflow.spi;

import io.insightflow.api.Evolving;
import java.nio.file.Path;

/**
 * Where a {@link SourceReader} writes batch files: a place from which the sink publishes them
 * cheapest (on a local lake, the same file system, so publishing is a rename). Thread-safe.
 */
@FunctionalInterface
@Evolving
public interface Staging {

  /** A new empty file; whoever ends up owning it publishes or deletes it. */
  Path newFile();
}
