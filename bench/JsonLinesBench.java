package io.insightflow.sync;

import io.insightflow.layout.RunManifest;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * Throughput of {@link JsonLinesTranscoder} on a JSON-lines object of order_products__prior rows (for
 * bench/jsonl-bench.sh's objects): transcoding alone, read as pgjdbc's {@code copyIn} reads it (into a
 * {@link CheckedCopy#COPY_BUFFER} array; "reads" is how many COPY data messages that would send), and
 * COPYing it into an unlogged table. In package {@code io.insightflow.sync} because the transcoder is
 * package-private. Prints {@code pass  measure  MB/s  (detail)} per measurement, the detail ending with
 * the seconds this thread spent on the CPU (on a shared machine, steadier than the wall). A {@code .csv} FILE
 * (the same rows as headed CSV) is read as sync reads an external CSV object instead, through
 * {@link CsvGuard}, and COPYed as CSV: the rate JSON lines are compared with.
 *
 * <p>Arguments: {@code read FILE PASSES}; {@code copy FILE PASSES JDBC-URL USER SCHEMA}.
 */
public final class JsonLinesBench {

  static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  static final List<RunManifest.Column> COLUMNS = List.of(column("order_id"), column("product_id"),
      column("add_to_cart_order"), column("reordered"));

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[1]);
    int passes = Integer.parseInt(args[2]);
    if (args[0].equals("read")) {
      for (int pass = 1; pass <= passes; pass++) {
        long start = System.nanoTime();
        long cpuStart = CPU.getCurrentThreadCpuTime();
        long reads = 0;
        long bytes = 0;
        byte[] buf = new byte[CheckedCopy.COPY_BUFFER];
        try (InputStream in = transcoder(file)) {
          for (int n; (n = in.read(buf)) >= 0; reads++) {
            bytes += n;
          }
        }
        report(pass, "read", file, start, cpuStart, reads + " reads, " + bytes + " bytes out");
      }
      return;
    }
    try (Connection c = DriverManager.getConnection(args[3], args[4], "")) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE SCHEMA IF NOT EXISTS " + args[5]);
        st.execute("DROP TABLE IF EXISTS " + args[5] + ".jsonl_bench");
        st.execute("CREATE UNLOGGED TABLE " + args[5] + ".jsonl_bench (order_id int, product_id int,"
            + " add_to_cart_order int, reordered int)");
      }
      for (int pass = 1; pass <= passes; pass++) {
        try (Statement st = c.createStatement()) {
          st.execute("TRUNCATE " + args[5] + ".jsonl_bench");
        }
        long start = System.nanoTime();
        long cpuStart = CPU.getCurrentThreadCpuTime();
        long rows;
        try (InputStream in = transcoder(file)) {
          rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + args[5] + ".jsonl_bench FROM STDIN ("
              + (csv(file) ? "FORMAT csv, HEADER true" : "FORMAT text") + ", ENCODING 'UTF8')", in, CheckedCopy.COPY_BUFFER);
        }
        report(pass, "copy", file, start, cpuStart, rows + " rows");
      }
      try (Statement st = c.createStatement()) {
        st.execute("DROP SCHEMA " + args[5] + " CASCADE");
      }
    }
  }

  static InputStream transcoder(Path file) throws Exception {
    if (csv(file)) {
      List<String> names = COLUMNS.stream().map(RunManifest.Column::name).toList();
      return CsvGuard.checking(Files.newInputStream(file), file.toString(), names, names, 16 << 20);
    }
    return new JsonLinesTranscoder(Files.newInputStream(file), COLUMNS, false, 16 << 20);
  }

  static boolean csv(Path file) {
    return file.toString().endsWith(".csv");
  }

  static RunManifest.Column column(String name) {
    return new RunManifest.Column(name, "integer", "integer", true);
  }

  static void report(int pass, String measure, Path file, long start, long cpuStart, String detail) throws Exception {
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    System.out.printf("%d\t%s\t%.1f\t(%s in %.2f s, cpu %.3f s)%n", pass, measure, Files.size(file) / 1048576.0 / seconds,
        detail, seconds, cpu);
  }
}
