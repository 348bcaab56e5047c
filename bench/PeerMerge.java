import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.postgresql.PGConnection;

/**
 * The merge the peers do, on the rows bench/merge-bench.sh gives insightflow, for comparison: [#21]
 * <ul>
 *   <li>{@code jdbc-upsert}: Kafka Connect's JDBC sink ({@code insert.mode=upsert}, {@code
 *       batch.size=3000}): rows parsed in Java, bound to {@code INSERT … ON CONFLICT (key) DO UPDATE}
 *       in batches of 3000 ({@code reWriteBatchedInserts=true}), each batch committed, one connection
 *       per worker thread;</li>
 *   <li>{@code staging-upsert}: Airbyte's / dlt's staging: every part COPYed (by the worker threads)
 *       into one unlogged staging table, then one transaction deduplicates (last inserted row per key)
 *       and upserts it into the table with one {@code INSERT … SELECT DISTINCT ON … ON CONFLICT DO
 *       UPDATE}, and drops the staging table;</li>
 *   <li>{@code copy}: plain COPY into the table (the untimed setup of the "1pct" measures).</li>
 * </ul>
 * Rows with {@code reordered = -1} are deletes (run C's): Kafka Connect's sink deletes them in
 * batches beside the upserts ({@code delete.enabled}), the staging approach deletes them with one
 * statement after the upsert; the plain COPY takes them as rows.
 * Neither peer keeps a ledger: no exactly-once, and no lake order across parts loaded at once.
 * The table is {@code order_products__prior} with its primary key, created when absent.
 *
 * <p>Arguments: approach, JDBC URL, user, schema, threads, then the CSV parts (with header) in lake order.
 */
public final class PeerMerge {
  private static final String TABLE = "order_products__prior";
  private static final String COLUMNS = "order_id, product_id, add_to_cart_order, reordered";
  private static final String UPDATE = " ON CONFLICT (order_id, product_id) DO UPDATE SET"
      + " add_to_cart_order = EXCLUDED.add_to_cart_order, reordered = EXCLUDED.reordered";
  private static final int BATCH = 3000;

  public static void main(String[] args) throws Exception {
    String approach = args[0];
    String url = args[1] + (args[1].contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    Properties props = new Properties();
    props.setProperty("user", args[2]);
    String schema = args[3];
    int threads = Integer.parseInt(args[4]);
    List<Path> parts = new ArrayList<>();
    for (int i = 5; i < args.length; i++) {
      parts.add(Path.of(args[i]));
    }
    String target = "\"" + schema + "\".\"" + TABLE + "\"";
    String stage = "\"" + schema + "\".\"" + TABLE + "_stage\"";
    try (Connection c = DriverManager.getConnection(url, props); Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
      st.execute("CREATE TABLE IF NOT EXISTS " + target + " (order_id integer NOT NULL, product_id integer NOT NULL,"
          + " add_to_cart_order integer NOT NULL, reordered integer NOT NULL, PRIMARY KEY (order_id, product_id))");
      if (approach.equals("staging-upsert")) {
        st.execute("DROP TABLE IF EXISTS " + stage);
        st.execute("CREATE UNLOGGED TABLE " + stage + " (order_id integer, product_id integer,"
            + " add_to_cart_order integer, reordered integer, _row bigint GENERATED ALWAYS AS IDENTITY)");
      }
    }
    ConcurrentLinkedQueue<Path> queue = new ConcurrentLinkedQueue<>(parts);
    List<Thread> workers = new ArrayList<>();
    List<Exception> failures = new ArrayList<>();
    long[] rows = new long[1];
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        try (Connection c = DriverManager.getConnection(url, props)) {
          Path part;
          while ((part = queue.poll()) != null) {
            long n = switch (approach) {
              case "jdbc-upsert" -> upsertBatches(c, target, part);
              case "staging-upsert" -> copy(c, stage, part);
              case "copy" -> copy(c, target, part);
              default -> throw new IllegalArgumentException(approach);
            };
            synchronized (rows) {
              rows[0] += n;
            }
          }
        } catch (Exception e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      });
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join();
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    if (approach.equals("staging-upsert")) {
      try (Connection c = DriverManager.getConnection(url, props); Statement st = c.createStatement()) {
        c.setAutoCommit(false);
        st.execute("SET LOCAL work_mem = '64MB'");
        st.execute("CREATE TEMP TABLE last ON COMMIT DROP AS SELECT DISTINCT ON (order_id, product_id) * FROM " + stage
            + " ORDER BY order_id, product_id, _row DESC");
        st.executeUpdate("INSERT INTO " + target + " (" + COLUMNS + ") SELECT " + COLUMNS + " FROM last"
            + " WHERE reordered <> -1" + UPDATE);
        st.executeUpdate("DELETE FROM " + target + " t USING last s WHERE s.reordered = -1 AND t.order_id = s.order_id"
            + " AND t.product_id = s.product_id");
        st.execute("DROP TABLE " + stage);
        c.commit();
      }
    }
    System.out.println(approach + " rows=" + rows[0] + " parts=" + parts.size());
  }

  /** Kafka Connect's upsert: parse, bind, executeBatch every 3000 rows (deletes in their own batch), commit each. */
  private static long upsertBatches(Connection c, String target, Path part) throws IOException, SQLException {
    c.setAutoCommit(false);
    long n = 0;
    try (BufferedReader in = Files.newBufferedReader(part);
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + target + " (" + COLUMNS + ") VALUES (?, ?, ?, ?)"
            + UPDATE);
        PreparedStatement delete = c.prepareStatement("DELETE FROM " + target + " WHERE order_id = ? AND product_id = ?")) {
      in.readLine();
      String line;
      int pending = 0;
      while ((line = in.readLine()) != null) {
        String[] f = line.split(",", -1);
        if (f[3].equals("-1")) {
          delete.setInt(1, Integer.parseInt(f[0]));
          delete.setInt(2, Integer.parseInt(f[1]));
          delete.addBatch();
        } else {
          for (int i = 0; i < 4; i++) {
            ps.setInt(i + 1, Integer.parseInt(f[i]));
          }
          ps.addBatch();
        }
        n++;
        if (++pending == BATCH) {
          ps.executeBatch();
          delete.executeBatch();
          c.commit();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
        delete.executeBatch();
        c.commit();
      }
    }
    return n;
  }

  private static long copy(Connection c, String table, Path part) throws IOException, SQLException {
    c.setAutoCommit(true);
    try (Reader in = Files.newBufferedReader(part)) {
      return c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + COLUMNS
          + ") FROM STDIN (FORMAT csv, HEADER true)", in);
    }
  }
}
