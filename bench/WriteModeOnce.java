import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.sync.LakeSync;
import io.insightflow.sync.SyncMode;
import io.insightflow.sync.SyncOptions;
import io.insightflow.sync.SyncResult;
import io.insightflow.sync.WriteMode;
import java.nio.file.Path;
import java.util.List;

/**
 * One full sync of a local lake with a write mode, through the public Java API, for
 * bench/replace-bench.sh. Prints the result's summary; exits 1 when an object failed.
 *
 * <p>Arguments: lake directory, JDBC URL, user, schema, threads, write mode (append | replace), and
 * optionally the manifest keys of the runs to load (default: every run).
 */
public final class WriteModeOnce {
  public static void main(String[] args) {
    PostgresConnectionOptions target = PostgresConnectionOptions.builder().url(args[1]).user(args[2])
        .schema(args[3]).build();
    SyncOptions options = SyncOptions.builder().mode(SyncMode.FULL).threads(Integer.parseInt(args[4]))
        .writeMode(WriteMode.parse("writeMode", args[5])).runs(List.of(args).subList(6, args.length)).build();
    try (LocalObjectStore lake = new LocalObjectStore(Path.of(args[0]))) {
      SyncResult result = new LakeSync(target).sync(lake, options);
      System.out.println(result.summary());
      System.exit(result.successful() ? 0 : 1);
    }
  }
}
