package io.insightflow.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Count and MD5 of the rows of an {@code (id, name, qty)} table, ordered by id, written so that
 * DuckDB and PostgreSQL compute the same text: a warehouse and the sync target compare exactly.
 */
public final class RowFingerprint {

  private RowFingerprint() {}

  /**
   * @param from what follows {@code FROM}: a table and optionally {@code WHERE …}
   * @return the row count and the MD5, as text
   */
  public static List<String> idNameQty(Connection c, String from) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*), md5(string_agg(id || ',' || name || ',' || qty, chr(10)"
            + " ORDER BY id)) FROM " + from)) {
      rs.next();
      return List.of(rs.getString(1), rs.getString(2));
    }
  }
}
