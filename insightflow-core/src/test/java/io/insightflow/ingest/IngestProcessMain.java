package io.insightflow.ingest;

import static io.insightflow.config.InsightflowProperties.SOURCE_URL;
import static io.insightflow.config.InsightflowProperties.INGEST_BATCH_SIZE;
import static io.insightflow.config.InsightflowProperties.INGEST_TRIGGER_TIME;
import static io.insightflow.config.InsightflowProperties.TABLES;

import io.insightflow.lake.LocalObjectStore;
import java.util.List;
import java.nio.file.Path;

/** Runs one ingest in its own JVM so a test can kill it at an arbitrary moment. */
public final class IngestProcessMain {

  private IngestProcessMain() {}

  /** Arguments: JDBC URL, lake directory, table, batch size, trigger time. */
  public static void main(String[] args) {
    try (LocalObjectStore lake = new LocalObjectStore(Path.of(args[1]))) {
      new BatchIngest(lake).run(IngestOptions.builder()
          .set(TABLES, List.of(args[2])).set(INGEST_BATCH_SIZE, (long) Integer.parseInt(args[3]))
          .set(INGEST_TRIGGER_TIME, args[4])
          .set(SOURCE_URL, args[0]).build());
    }
  }
}
