package io.insightflow.ingest;

import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectStore;
import io.insightflow.testing.LakeObjects;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Test data with the awkward values real tables have, and readers for what ingest wrote. */
final class IngestFixture {

  static final int ROWS = 25;

  private IngestFixture() {}

  /** The name column of row {@code id}: commas, quotes, a newline, an empty string and NULLs. */
  static String name(int id) {
    return switch (id % 5) {
      case 0 -> null;
      case 1 -> "Organic 12\" Tortillas, Whole Wheat #" + id;
      case 2 -> "";
      case 3 -> "line one\nline two " + id;
      default -> "plain " + id;
    };
  }

  /** Creates {@code items} with {@link #ROWS} rows in a DuckDB or PostgreSQL database. */
  static void createItems(Connection c, String qualifiedTable) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + qualifiedTable
          + " (id INTEGER NOT NULL, name VARCHAR(200), price DECIMAL(10,2), seen TIMESTAMP, flag BOOLEAN)");
    }
    try (var ps = c.prepareStatement("INSERT INTO " + qualifiedTable + " VALUES (?, ?, ?, ?, ?)")) {
      for (int id = 1; id <= ROWS; id++) {
        ps.setInt(1, id);
        ps.setString(2, name(id));
        ps.setBigDecimal(3, new java.math.BigDecimal(id + ".25"));
        ps.setTimestamp(4, java.sql.Timestamp.valueOf("2024-05-07 09:30:00"));
        ps.setObject(5, id % 2 == 0);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** Every data row of every part of the manifest, parsed back from the lake. NULL reads as null. */
  static List<List<String>> readRows(ObjectStore lake, RunManifest manifest) {
    List<List<String>> rows = new ArrayList<>();
    for (RunManifest.Part part : manifest.parts()) {
      rows.addAll(LakeObjects.csvRows(lake, part.key()));
    }
    return rows;
  }



}
