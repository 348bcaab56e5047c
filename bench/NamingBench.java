package io.insightflow.sync;

import io.insightflow.Insightflow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * What a naming policy costs sync [#22]: a DuckDB table with upper-case names is ingested once under
 * {@code keep} (its parts' header is the target's names: PostgreSQL matches it, HEADER MATCH) and once
 * under {@code lower} (the header holds the source's names, so sync checks it itself through
 * CsvGuard.headerOnly and COPY skips it); then each lake is synced into a fresh schema, alternately.
 *
 *   generate WORK ROWS                       the warehouse WORK/w.duckdb
 *   ingest WORK POLICY PG_URL USER           lake WORK/lake-POLICY
 *   sync WORK POLICY PG_URL USER SCHEMA      prints "sync-POLICY<TAB>seconds<TAB>rows"
 */
public final class NamingBench {

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args[1]);
    switch (args[0]) {
      case "generate" -> {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + work.resolve("w.duckdb"));
            Statement st = c.createStatement()) {
          st.execute("CREATE OR REPLACE TABLE \"ORDER_PRODUCTS\" AS SELECT (range // 10)::INTEGER AS \"ORDER_ID\","
              + " (range % 49688)::INTEGER AS \"PRODUCT_ID\", (range % 10 + 1)::INTEGER AS \"ADD_TO_CART_ORDER\","
              + " (range % 2)::INTEGER AS \"REORDERED\" FROM range(" + Long.parseLong(args[2]) + ")");
        }
      }
      case "ingest" -> flow(work, args[2], args[3], args[4], "unused").ingest();
      case "sync" -> {
        long start = System.nanoTime();
        SyncResult r = flow(work, args[2], args[3], args[4], args[5]).sync();
        if (!r.failures().isEmpty()) {
          throw new IllegalStateException(r.failures().toString());
        }
        System.out.printf("\tsync-%s\t%.3f\t%d%n", args[2], (System.nanoTime() - start) / 1e9, r.rowsLoaded());
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static Insightflow flow(Path work, String policy, String url, String user, String schema) {
    Map<String, String> p = new HashMap<>();
    p.put("insightflow.source.url", "jdbc:duckdb:" + work.resolve("w.duckdb"));
    p.put("insightflow.tables", "ORDER_PRODUCTS");
    p.put("insightflow.naming", policy);
    p.put("insightflow.ingest.triggerTime", "2024-05-07T09:30:00Z");
    p.put("insightflow.lake", work.resolve("lake-" + policy).toString());
    p.put("insightflow.target.url", url);
    p.put("insightflow.target.user", user);
    p.put("insightflow.target.schema", schema);
    return Insightflow.fromProperties(p);
  }
}
