package io.insightflow.ingest;

import io.insightflow.lake.LocalObjectStore;
import java.nio.file.Path;
import java.time.Instant;

/** Runs one ingest in its own JVM so a test can kill it at an arbitrary moment. */
public final class IngestProcessMain {

  private IngestProcessMain() {}

  /** Arguments: JDBC URL, lake directory, table, batch size, trigger time. */
  public static void main(String[] args) {
    try (LocalObjectStore lake = new LocalObjectStore(Path.of(args[1]))) {
      new BatchIngest(lake).run(IngestOptions.builder()
          .source(args[0])
          .tables(args[2]).batchSize(Integer.parseInt(args[3])).triggerTime(Instant.parse(args[4])).build());
    }
  }
}
