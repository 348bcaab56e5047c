package io.insightflow.examples;

import io.insightflow.Insightflow;
import io.insightflow.ingest.IngestResult;
import io.insightflow.sync.SyncResult;
import java.nio.file.Path;

/**
 * insightflow as a library: generate a small Instacart data set, load it into an embedded DuckDB
 * warehouse, ingest two tables into a local lake and sync them into the local PostgreSQL
 * (127.0.0.1:5432, user postgres, database postgres). The same keys work in Maven and Lambda.
 */
public final class EmbeddingExample {

  private EmbeddingExample() {}

  /** @param args optional working directory (default {@code target/embedding}) */
  public static void main(String[] args) {
    Insightflow flow = Insightflow.configure()
        .baseDirectory(Path.of(args.length > 0 ? args[0] : "target/embedding"))
        .property("insightflow.generate.scale", "0.001")
        .property("insightflow.source.url", "jdbc:duckdb:warehouse.duckdb")
        .property("insightflow.tables", "orders,products")
        .property("insightflow.lake", "lake")
        // Fixed, so that running the example again loads nothing twice; omit it for "now".
        .property("insightflow.ingest.triggerTime", "2024-05-07T09:30:00Z")
        .property("insightflow.target.schema", "insightflow_embedding")
        .build();

    flow.generate();
    flow.loadWarehouse();
    IngestResult ingested = flow.ingest();
    SyncResult synced = flow.sync();

    System.out.println("Ingested " + ingested.summary());
    System.out.println("Synced " + synced.summary());
    if (!synced.successful()) {
      synced.failures().forEach(f -> System.err.println(f.message()));
      System.exit(1);
    }
  }
}
