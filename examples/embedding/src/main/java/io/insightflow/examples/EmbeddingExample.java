package io.insightflow.examples;

import io.insightflow.Insightflow;
import io.insightflow.ingest.IngestResult;
import java.nio.file.Path;

/**
 * insightflow as a library: generate a small Instacart data set, load it into an embedded DuckDB
 * warehouse and ingest two tables into a local lake. The same keys work in Maven and Lambda.
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
        .build();

    flow.generate();
    flow.loadWarehouse();
    IngestResult result = flow.ingest();

    System.out.println("Ingested " + result.summary());
  }
}
