import io.insightflow.connect.jdbc.DuckDbDialect;
import io.insightflow.connect.jdbc.JdbcSource;
import io.insightflow.internal.warehouse.DuckDbWarehouseLoader;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.SourceReader;
import io.insightflow.spi.TableName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * The pieces of a DuckDB ingest, each timed inside its JVM after the connection is open (for
 * bench/duck-ingest-bench.sh); prints {@code seconds=<wall> cpu=<process CPU> parts=<n>}.
 *
 * <pre>
 *   load   URL CSV_DIR            the warehouse from generated CSV files (untimed)
 *   native URL OUT_DIR            DuckDB's own COPY of the table TO one file
 *   parts  URL OUT_DIR BATCH      one COPY per BATCH row ids (the dialect's statements before [#24])
 *   source URL OUT_DIR BATCH      the dialect as the ingest reads it (plan, every chunk), no sink
 * </pre>
 */
public final class DuckIngestBench {

  private static final String TABLE = "order_products__prior";

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String url = args[1];
    Path out = Path.of(args[2]);
    if (mode.equals("load")) {
      System.out.println(DuckDbWarehouseLoader.loadDirectory(url, out));
      return;
    }
    Files.createDirectories(out);
    int parts = 0;
    long start;
    long cpu;
    if (mode.equals("source")) {
      try (JdbcSource source = JdbcSource.open(SourceConfig.of(url), new DuckDbDialect())) {
        start = System.nanoTime();
        cpu = cpu();
        for (Chunk chunk : source.plan(TableName.parse(TABLE), Integer.parseInt(args[3]))) {
          try (SourceReader reader = source.open(chunk, Position.START, () -> out.resolve(UUID.randomUUID() + ".csv"))) {
            for (Optional<RecordBatch> b; (b = reader.nextBatch()).isPresent(); ) {
              parts++;
              b.get().data().discard();
            }
          }
        }
        print(start, cpu, parts);
      }
      return;
    }
    try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
      start = System.nanoTime();
      cpu = cpu();
      if (mode.equals("native")) {
        st.execute("COPY " + TABLE + " TO '" + out.resolve("all.csv") + "' (FORMAT csv, HEADER true)");
        parts = 1;
      } else {
        long batch = Long.parseLong(args[3]);
        long max;
        try (ResultSet rs = st.executeQuery("SELECT max(rowid) FROM " + TABLE)) {
          rs.next();
          max = rs.getLong(1);
        }
        for (long lo = 0; lo <= max; lo += batch) {
          Path file = out.resolve(lo + ".csv");
          st.execute("COPY (SELECT * FROM " + TABLE + " WHERE rowid >= " + lo + " AND rowid < " + (lo + batch)
              + ") TO '" + file + "' (FORMAT csv, HEADER true)");
          Files.delete(file);
          parts++;
        }
      }
      print(start, cpu, parts);
    }
    try (var files = Files.list(out)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.delete(f);
      }
    }
  }

  private static void print(long start, long cpu, int parts) {
    System.out.printf("seconds=%.3f cpu=%.3f parts=%d%n", (System.nanoTime() - start) / 1e9, (cpu() - cpu) / 1e9, parts);
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
