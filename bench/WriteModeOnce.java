import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static io.insightflow.config.InsightflowProperties.SYNC_WRITE_MODE;
import static io.insightflow.config.InsightflowProperties.TARGET_SCHEMA;
import static io.insightflow.config.InsightflowProperties.TARGET_URL;
import static io.insightflow.config.InsightflowProperties.TARGET_USER;

import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.sync.LakeSync;
import io.insightflow.sync.SyncOptions;
import io.insightflow.sync.SyncResult;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One full sync of a local lake with a write mode, keyed on (order_id, product_id), through the
 * public Java API, for bench/merge-bench.sh and bench/replace-bench.sh (the key is harmless to append
 * and replace). Prints the result's summary; exits 1 when an object
 * failed.
 *
 * <p>Arguments: lake directory, JDBC URL, user, schema, threads, write mode (append | replace | merge),
 * and the manifest keys of the runs to load (none: every run).
 */
public final class WriteModeOnce {
  /** The key, and a delete marker when {@code -Dinsightflow.sync.deleteMarker=…} gives one. */
  private static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>(Map.of("insightflow.sync.keys", "order_id,product_id"));
    String marker = System.getProperty("insightflow.sync.deleteMarker");
    if (marker != null) {
      settings.put("insightflow.sync.deleteMarker", marker);
    }
    return settings;
  }

  public static void main(String[] args) {
    PostgresConnectionOptions target = PostgresConnectionOptions.builder().set(TARGET_URL, args[1])
        .set(TARGET_USER, args[2]).set(TARGET_SCHEMA, args[3]).build();
    SyncOptions options = SyncOptions.builder().set(SYNC_MODE, "full").set(SYNC_THREADS, Integer.parseInt(args[4]))
        .set(SYNC_WRITE_MODE, args[5]).setAll(settings()).build()
        .withRuns(List.of(args).subList(6, args.length));
    try (LocalObjectStore lake = new LocalObjectStore(Path.of(args[0]))) {
      SyncResult result = new LakeSync(target).sync(lake, options);
      System.out.println(result.summary());
      System.exit(result.successful() ? 0 : 1);
    }
  }
}
