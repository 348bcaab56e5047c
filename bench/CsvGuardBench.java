package io.insightflow.sync;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Random;

/**
 * Throughput of {@link CsvGuard} on a large CSV as other writers deliver it (for bench/csvguard-bench.sh):
 * reading the file plain and through the guard, and COPYing it into PostgreSQL both ways. In package
 * {@code io.insightflow.sync} because the guard is package-private. Prints one tab-separated line per
 * measurement: {@code pass  measure  MB/s}.
 *
 * <p>Arguments: {@code generate FILE MB STRAY} writes the file (product-like rows, a third of the names quoted
 * with commas and doubled quotes, STRAY in a thousand with a stray quote in an unquoted field, which
 * plain COPY cannot load as written);
 * {@code read FILE PASSES}; {@code copy FILE PASSES JDBC-URL USER SCHEMA [plain]} (plain: COPY it without
 * the guard too, for a file without stray quotes).
 */
public final class CsvGuardBench {

  static final List<String> COLUMNS = List.of("product_id", "product_name", "aisle_id", "department_id", "note");

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[1]);
    switch (args[0]) {
      case "generate" -> generate(file, Long.parseLong(args[2]) << 20, Integer.parseInt(args[3]));
      case "read" -> {
        for (int pass = 1; pass <= Integer.parseInt(args[2]); pass++) {
          report(pass, "read-plain", file, () -> drain(Files.newInputStream(file)));
          report(pass, "read-guard", file, () -> drain(guard(file)));
        }
      }
      case "copy" -> {
        try (Connection c = DriverManager.getConnection(args[3], args[4], "")) {
          try (Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA IF NOT EXISTS " + args[5]);
            st.execute("DROP TABLE IF EXISTS " + args[5] + ".guard_bench");
            st.execute("CREATE UNLOGGED TABLE " + args[5] + ".guard_bench (product_id bigint, product_name text,"
                + " aisle_id int, department_id int, note text)");
          }
          String sql = "COPY " + args[5] + ".guard_bench FROM STDIN (FORMAT csv, HEADER true)";
          for (int pass = 1; pass <= Integer.parseInt(args[2]); pass++) {
            if (args.length > 6) { // a file plain COPY can load as written
              report(pass, "copy-plain", file, () -> copy(c, sql, Files.newInputStream(file), args[5]));
            }
            report(pass, "copy-guard", file, () -> copy(c, sql, guard(file), args[5]));
          }
          try (Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA " + args[5] + " CASCADE");
          }
        }
      }
      default -> throw new IllegalArgumentException("generate | read | copy");
    }
  }

  interface Pass {
    long run() throws Exception;
  }

  static InputStream guard(Path file) throws IOException {
    return CsvGuard.checking(Files.newInputStream(file), file.toString(), COLUMNS, COLUMNS, 16 << 20);
  }

  static void report(int pass, String measure, Path file, Pass p) throws Exception {
    long start = System.nanoTime();
    long n = p.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("%d\t%s\t%.1f\t(%d in %.2f s)%n", pass, measure, Files.size(file) / 1048576.0 / seconds, n, seconds);
  }

  static long drain(InputStream in) throws IOException {
    long total = 0;
    byte[] buf = new byte[CheckedCopy.COPY_BUFFER];
    try (in) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        total += n;
      }
    }
    return total;
  }

  static long copy(Connection c, String sql, InputStream in, String schema) throws Exception {
    try (Statement st = c.createStatement()) {
      st.execute("TRUNCATE " + schema + ".guard_bench");
    }
    try (in) {
      return CheckedCopy.copyManager(c).copyIn(sql, in, CheckedCopy.COPY_BUFFER);
    }
  }

  static void generate(Path file, long bytes, int strayPerMille) throws IOException {
    Random random = new Random(22);
    String[] words = {"Organic", "Chocolate", "Sandwich", "Cookies", "Greek", "Yogurt", "Bananas", "Spring", "Water",
        "Zürich", "Crème", "Brûlée", "12\"", "Pack,", "½", "Whole", "Milk"};
    try (OutputStream out = Files.newOutputStream(file);
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 20)) {
      w.write(String.join(",", COLUMNS) + "\n");
      long written = 0;
      StringBuilder row = new StringBuilder(256);
      for (long id = 1; written < bytes; id++) {
        StringBuilder name = new StringBuilder();
        for (int n = 2 + random.nextInt(6); n > 0; n--) {
          name.append(name.length() > 0 ? " " : "").append(words[random.nextInt(words.length)]);
        }
        String v = name.toString();
        row.setLength(0);
        row.append(id).append(',');
        if (v.contains(",") || random.nextInt(3) == 0) {
          row.append('"').append(v.replace("\"", "\"\"")).append('"');
        } else if (random.nextInt(1000) < strayPerMille) {
          row.append(v.replace(",", "")); // a stray quote (12") stays in an unquoted field
        } else {
          row.append(v.replace("\"", "").replace(",", ""));
        }
        row.append(',').append(random.nextInt(134) + 1).append(',').append(random.nextInt(21) + 1).append(',');
        if (random.nextInt(4) > 0) {
          row.append("note ").append(id % 977);
        }
        row.append('\n');
        w.write(row.toString());
        written += row.length();
      }
    }
  }

  private CsvGuardBench() {}
}
