import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.sync.LakeSync;
import io.insightflow.sync.SyncOptions;
import io.insightflow.sync.VerifyReport;
import java.nio.file.Path;
import java.util.Map;

/**
 * One verify of a local lake through the public Java API, for bench/verify-bench.sh [#23]: prints the
 * verify's time inside the JVM, whether the target is consistent, and the rows promised and found.
 * Exits 1 when it is not consistent.
 *
 * <p>Arguments: lake directory, JDBC URL, user, schema.
 */
public final class VerifyOnce {
  public static void main(String[] args) {
    PostgresConnectionOptions target = PostgresConnectionOptions.fromProperties(Map.of("insightflow.target.url", args[1],
        "insightflow.target.user", args[2], "insightflow.target.schema", args[3]));
    try (LocalObjectStore lake = new LocalObjectStore(Path.of(args[0]))) {
      long t0 = System.nanoTime();
      VerifyReport report = new LakeSync(target).verify(lake, SyncOptions.fromProperties(Map.of()));
      long ms = (System.nanoTime() - t0) / 1_000_000;
      long objects = report.tables().stream().mapToLong(VerifyReport.TableCheck::objectsLoaded).sum();
      long promised = report.tables().stream().mapToLong(t -> t.rowsPromised() - t.rowsRejected()).sum();
      long found = report.tables().stream().mapToLong(VerifyReport.TableCheck::rowsFound).sum();
      System.out.println("RESULT verify ms=" + ms + " consistent=" + report.consistent() + " objects=" + objects
          + " promised=" + promised + " found=" + found);
      System.exit(report.consistent() ? 0 : 1);
    }
  }
}
