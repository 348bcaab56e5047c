package io.insightflow.sync;

import static io.insightflow.config.InsightflowProperties.SYNC_THREADS;
import static io.insightflow.config.InsightflowProperties.TARGET_SCHEMA;
import static io.insightflow.config.InsightflowProperties.TARGET_URL;
import static io.insightflow.config.InsightflowProperties.TARGET_USER;

import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.lake.LocalObjectStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A second worker process for {@link LakeSyncFaultIT} and {@link WriteModesModelIT} (which kills it
 * mid-load): syncs a local lake, prints the objects it loaded.
 */
public final class SyncWorkerMain {

  private SyncWorkerMain() {}

  /** Arguments: JDBC URL, user, schema, lake directory, then any {@code key=value} sync settings. */
  public static void main(String[] args) {
    PostgresConnectionOptions target = PostgresConnectionOptions.builder().set(TARGET_URL, args[0])
        .set(TARGET_USER, args[1])
        .set(TARGET_SCHEMA, args[2]).build();
    try (LocalObjectStore lake = new LocalObjectStore(Path.of(args[3]))) {
      Map<String, String> settings = new HashMap<>();
      for (int i = 4; i < args.length; i++) {
        settings.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
      }
      SyncResult result = new LakeSync(target).sync(lake, SyncOptions.builder().set(SYNC_THREADS, 2).setAll(settings)
          .build());
      System.out.println("LOADED " + result.objectsLoaded() + " FAILED " + result.failures().size());
      System.exit(result.successful() ? 0 : 1);
    }
  }
}
