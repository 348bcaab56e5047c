package io.insightflow.sync;

import io.insightflow.api.Internal;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.spi.Sink;
import io.insightflow.spi.SinkProvider;
import java.util.Map;

/**
 * The sink {@code postgresql}: the PostgreSQL of {@code insightflow.target.*}, tables in
 * {@code insightflow.target.schema} ({@link PostgresSink}). With
 * {@code insightflow.ingest.sink=postgresql}, ingest loads warehouse tables straight into PostgreSQL,
 * recorded in the same ledger as sync.
 */
@Internal
public final class PostgresSinkProvider implements SinkProvider {

  @Override
  public String name() {
    return "postgresql";
  }

  /** Opens no connection yet: the sink connects when its first writer writes. */
  @Override
  public Sink<?> open(Map<String, String> settings) {
    SyncOptions modes = SyncOptions.writeModesOf(settings);
    refuseMerge(modes);
    return new PostgresSink(PostgresConnectionOptions.fromProperties(settings), ConfiguredKeys.fromProperties(settings),
        modes::writeMode, modes::schemaChanges);
  }

  /**
   * Merge is built for sync, whose objects carry their lake position; the batches of an ingest
   * would need one of their own, so an ingest into PostgreSQL refuses it rather than append. [#21]
   */
  private static void refuseMerge(SyncOptions modes) {
    String why = " applies to sync (lake -> PostgreSQL), not yet to insightflow.ingest.sink=postgresql; ingest into"
        + " the lake and sync, or use append or replace";
    if (modes.writeMode() == WriteMode.MERGE) {
      throw new InsightflowConfigException(InsightflowProperties.SYNC_WRITE_MODE.name(), "Write mode merge" + why);
    }
    modes.tableWriteModes().forEach((table, mode) -> {
      if (mode == WriteMode.MERGE) {
        throw new InsightflowConfigException(InsightflowProperties.SYNC_WRITE_MODE.nameFor(table),
            "Write mode merge of table " + table + why);
      }
    });
  }
}
