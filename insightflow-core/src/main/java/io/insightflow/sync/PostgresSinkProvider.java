package io.insightflow.sync;

import io.insightflow.api.Internal;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.spi.Sink;
import io.insightflow.spi.SinkProvider;
import java.util.Map;

/**
 * The sink {@code postgresql}: the PostgreSQL of {@code insightflow.target.*}, tables in
 * {@code insightflow.target.schema} ({@link PostgresSink}). With
 * {@code insightflow.ingest.sink=postgresql}, ingest loads warehouse tables straight into PostgreSQL,
 * recorded in the same ledger as sync, in every write mode ({@code insightflow.sync.writeMode}).
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
    return new PostgresSink(PostgresConnectionOptions.fromProperties(settings), ConfiguredKeys.fromProperties(settings),
        modes::writeMode, modes::schemaChanges, modes.mergeRules()::forTable);
  }
}
