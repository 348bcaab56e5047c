import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.sync.LakeSync;
import io.insightflow.sync.SyncOptions;
import io.insightflow.sync.SyncResult;
import java.nio.file.Path;
import java.util.List;

/**
 * One sync of a local lake through the public Java API, for bench/ab-sync.sh: compiled against each
 * build it compares, so the same program measures both. Prints the result's summary; exits 1 when
 * an object failed.
 *
 * <p>Arguments: lake directory, JDBC URL, user, schema, threads, and optionally an external table.
 */
public final class SyncOnce {
  public static void main(String[] args) {
    PostgresConnectionOptions target = PostgresConnectionOptions.builder().url(args[1]).user(args[2])
        .schema(args[3]).build();
    SyncOptions options = SyncOptions.builder().threads(Integer.parseInt(args[4]))
        .externalTables(args.length > 5 ? List.of(args[5]) : List.of()).build();
    try (LocalObjectStore lake = new LocalObjectStore(Path.of(args[0]))) {
      SyncResult result = new LakeSync(target).sync(lake, options);
      System.out.println(result.summary());
      System.exit(result.successful() ? 0 : 1);
    }
  }
}
