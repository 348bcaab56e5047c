package io.insightflow.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Runs SQL statements against a JDBC URL and prints the milliseconds each took, measured around
 * the statement alone (no JVM start-up), for the benchmark scripts in {@code bench/}.
 */
public final class SqlMain {

  private SqlMain() {}

  /** Arguments: JDBC URL, then one or more statements. */
  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0]); Statement st = c.createStatement()) {
      for (int i = 1; i < args.length; i++) {
        long start = System.nanoTime();
        st.execute(args[i]);
        System.out.println("ms=" + (System.nanoTime() - start) / 1_000_000);
      }
    }
  }
}
