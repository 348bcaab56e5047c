import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.sync.LakeSync;
import io.insightflow.sync.SyncOptions;
import io.insightflow.sync.SyncResult;
import java.nio.file.Path;
import java.util.Map;

/**
 * One sync of a local lake through the public Java API, for bench/ab-sync.sh: compiled against each
 * build it compares, so the same program measures both. Prints the result's summary; exits 1 when
 * an object failed.
 *
 * <p>Arguments: lake directory, JDBC URL, user, schema, threads, and optionally an external table.
 */
public final class SyncOnce {
  public static void main(String[] args) {
    // fromProperties, not the builders: it reads the same in the builds before and after [#20].
    PostgresConnectionOptions target = PostgresConnectionOptions.fromProperties(Map.of("insightflow.target.url", args[1],
        "insightflow.target.user", args[2], "insightflow.target.schema", args[3]));
    SyncOptions options = SyncOptions.fromProperties(Map.of("insightflow.sync.threads", args[4],
        "insightflow.sync.externalTables", args.length > 5 ? args[5] : ""));
    try (LocalObjectStore lake = new LocalObjectStore(Path.of(args[0]))) {
      SyncResult result = new LakeSync(target).sync(lake, options);
      System.out.println(result.summary());
      System.exit(result.successful() ? 0 : 1);
    }
  }
}
