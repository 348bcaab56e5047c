package io.insightflow.bench;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.postgresql.PGConnection;

/**
 * pgjdbc's {@code COPY … TO STDOUT} into files, one connection and thread per statement, all at once,
 * as a whole process: the least a Java program pays for the PostgreSQL ingest's reading (a fresh JVM
 * with the default heap, pgjdbc's one {@code byte[]} per row), for {@code bench/perf.sh}'s raw limit
 * of that ingest's wall time and peak RSS. [#24]
 */
public final class CopyOutMain {

  private CopyOutMain() {}

  /** Arguments: JDBC URL, user, then pairs of a file and the COPY statement to write it; prints the milliseconds and rows. */
  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    ExecutorService threads = Executors.newCachedThreadPool();
    List<Future<Long>> copies = new ArrayList<>();
    for (int i = 2; i + 1 < args.length; i += 2) {
      Path file = Path.of(args[i]);
      String sql = args[i + 1];
      copies.add(threads.submit(() -> {
        try (Connection c = DriverManager.getConnection(args[0], args[1], "");
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
          return c.unwrap(PGConnection.class).getCopyAPI().copyOut(sql, out);
        }
      }));
    }
    long rows = 0;
    for (Future<Long> copy : copies) {
      rows += copy.get();
    }
    threads.shutdown();
    System.out.println("ms=" + (System.nanoTime() - start) / 1_000_000 + " rows=" + rows);
  }
}
