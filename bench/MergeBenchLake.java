import io.insightflow.internal.layout.PartNames;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes the "1 % changed" run of bench/merge-bench.sh: from every part of run A (the generated
 * order_products__prior run), every 100th row with {@code reordered} flipped, as one part per part
 * of A, in a run one day later (so merge keeps it over A). Prints how much that moves
 * {@code sum(reordered)}, which bench/merge-bench.sh checks. [#21]
 *
 * <p>Run C also deletes 0.1 % of the rows: every 1000th row of A (offset 550, so never a changed one)
 * comes again with {@code reordered = -1}, the delete marker {@code reordered=-1} the merge sync is
 * given for run C; it prints how many and the sum of their {@code reordered} in A.
 *
 * <p>Arguments: lake directory, run A's folder (relative to the lake), run A's partition time.
 */
public final class MergeBenchLake {
  public static void main(String[] args) throws IOException {
    Path lakeDir = Path.of(args[0]);
    Path a = lakeDir.resolve(args[1]);
    Instant time = Instant.parse(args[2]).plus(Duration.ofDays(1));
    String table = "order_products__prior";
    String folder = PartitionTemplate.batch().render(table, time);
    List<RunManifest.Column> columns = List.of(
        new RunManifest.Column("order_id", "integer", "INTEGER", false),
        new RunManifest.Column("product_id", "integer", "INTEGER", false),
        new RunManifest.Column("add_to_cart_order", "integer", "INTEGER", false),
        new RunManifest.Column("reordered", "integer", "INTEGER", false));
    List<Path> partsOfA;
    try (var files = Files.list(a)) {
      partsOfA = files.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    List<RunManifest.Part> parts = new ArrayList<>();
    long total = 0;
    long delta = 0;
    long deleted = 0;
    long deletedSum = 0;
    try (LocalObjectStore lake = new LocalObjectStore(lakeDir)) {
      for (Path part : partsOfA) {
        StringBuilder out = new StringBuilder();
        long rows = 0;
        try (BufferedReader in = Files.newBufferedReader(part)) {
          out.append(in.readLine()).append('\n');
          String line;
          for (long n = 0; (line = in.readLine()) != null; n++) {
            if (n % 100 == 0) {
              int comma = line.lastIndexOf(',');
              out.append(line, 0, comma + 1).append(line.endsWith("1") ? '0' : '1').append('\n');
              delta += line.endsWith("1") ? -1 : 1;
              rows++;
            } else if (n % 1000 == 550) {
              int comma = line.lastIndexOf(',');
              out.append(line, 0, comma + 1).append("-1\n");
              deletedSum += line.endsWith("1") ? 1 : 0;
              deleted++;
              rows++;
            }
          }
        }
        byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        String key = folder + "/" + PartNames.csvPart(table, parts.size() + 1);
        lake.put(key, bytes);
        parts.add(new RunManifest.Part(key, rows, bytes.length, String.format("%08x", crc.getValue())));
        total += rows;
      }
      lake.put(RunManifest.keyIn(folder), new RunManifest(RunManifest.VERSION, "bench-1pct", table, time, "csv",
          "bench", "every 100th row changed, every 1000th deleted", columns, parts, total, Instant.now()).toJson());
    }
    System.out.println("changed rows=" + (total - deleted) + " deleted rows=" + deleted + " deleted sum=" + deletedSum
        + " parts=" + parts.size() + " reordered sum delta=" + delta + " folder=" + folder);
  }
}
