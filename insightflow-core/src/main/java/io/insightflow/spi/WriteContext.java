package io.insightflow.spi;

import io.insightflow.api.Evolving;
import io.insightflow.layout.RunManifest;
import io.insightflow.sql.NamingPolicy;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One table's run as a sink sees it.
 *
 * @param table the table, named as in the lake and PostgreSQL (the source's name under the run's
 *     {@link io.insightflow.layout.Naming} policy)
 * @param columns its columns, in batch order, named as in PostgreSQL, each with its source name
 * @param triggerTime the run's timestamp; together with the table it identifies the run, so a
 *     retry with the same trigger time rewrites the same objects
 * @param source the source's name, recorded as the data's origin
 * @param query what the source read, recorded for lineage
 * @param chunks the run's plan; a restored attempt must have had the same one
 * @param keys the table's key columns in key order ({@link Source#primaryKey} at ingest, the
 *     effective key at sync), or empty when it has none; a lake sink records them in the manifest [#21]
 * @param sourceTable the table's name at the source, which the naming policy turned into
 *     {@code table}'s name; the same when absent [#22]
 * @param naming the policy that named the table and its columns; {@code keep} when absent [#22]
 */
@Evolving
public record WriteContext(TableName table, List<RunManifest.Column> columns, Instant triggerTime,
    String source, String query, List<Chunk> chunks, List<String> keys, String sourceTable,
    NamingPolicy naming) {

  public WriteContext {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(triggerTime, "triggerTime");
    columns = List.copyOf(columns);
    chunks = List.copyOf(chunks);
    keys = keys == null ? List.of() : List.copyOf(keys);
    sourceTable = sourceTable == null ? table.name() : sourceTable;
    naming = naming == null ? NamingPolicy.KEEP : naming;
  }

  /** A run of a table the source and the lake name alike. */
  public WriteContext(TableName table, List<RunManifest.Column> columns, Instant triggerTime, String source,
      String query, List<Chunk> chunks, List<String> keys) {
    this(table, columns, triggerTime, source, query, chunks, keys, null, null);
  }

  /** A run of a table without a key. */
  public WriteContext(TableName table, List<RunManifest.Column> columns, Instant triggerTime, String source,
      String query, List<Chunk> chunks) {
    this(table, columns, triggerTime, source, query, chunks, List.of());
  }
}
