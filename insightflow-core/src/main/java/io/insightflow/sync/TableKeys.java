package io.insightflow.sync;

import io.insightflow.api.Evolving;
import io.insightflow.api.Printable;
import io.insightflow.layout.KeyColumns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A table's effective key and where it comes from, as {@code status} and {@code plan} show it.
 * {@link #resolve} is the one rule that decides it (DESIGN.md, "Write modes"):
 * <ol>
 *   <li>configuration, {@code insightflow.sync.keys.<table>} (else {@code insightflow.sync.keys}),
 *       overrides whatever the lake says;</li>
 *   <li>else the newest declaration in lake order (partition time, then object key): a run
 *       manifest of version 2 on (the source's primary key at ingest, possibly none) or the
 *       external table's {@code _schema.json} {@code "keys"}. Version 1 manifests declare nothing.
 *       Runs that disagree do not fail anything: the newest run is the source's current key, and
 *       each older key is reported in {@link #notes()} so a user can pin one in configuration;</li>
 *   <li>else none.</li>
 * </ol>
 * Keys in the lake were checked when their manifest or schema was read (a hostile key refuses that
 * object); a configured key that names no column of the newest object's schema is reported in
 * {@link #notes()}. Immutable. [#21]
 *
 * @param table the table
 * @param columns the key columns in key order; empty for none
 * @param origin where they come from
 * @param from the setting or object they come from ({@code insightflow.sync.keys.orders}, a
 *     manifest key, a {@code _schema.json} key, a source name); null for {@link Origin#NONE}
 * @param notes what else the lake or configuration says (older runs with another key, a configured
 *     column the schema lacks), escaped for one line each
 */
@Evolving
public record TableKeys(String table, List<String> columns, Origin origin, String from, List<String> notes) {

  /** Where a table's key comes from. */
  public enum Origin {
    /** {@code insightflow.sync.keys[.<table>]}. */
    CONFIG,
    /** A run manifest (the source's primary key, recorded at ingest). */
    MANIFEST,
    /** The external table's {@code _schema.json}. */
    SCHEMA,
    /** The source's primary key, as an ingest into a sink other than the lake reads it. */
    SOURCE,
    /** No key. */
    NONE
  }

  public TableKeys {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(origin, "origin");
    columns = List.copyOf(columns);
    notes = List.copyOf(notes);
  }

  /** A table without a key. */
  public static TableKeys none(String table) {
    return new TableKeys(table, List.of(), Origin.NONE, null, List.of());
  }

  /** Whether the table has a key. */
  public boolean present() {
    return !columns.isEmpty();
  }

  /** For people: {@code (order_id, product_id) from <setting or object>}, or {@code none}. */
  public String describe() {
    return (columns.isEmpty() ? "none" : "(" + String.join(", ", columns) + ") from "
        + origin.name().toLowerCase(Locale.ROOT) + " " + Printable.of(from));
  }

  /**
   * The effective key of {@code table}: configuration, else the lake's newest declaration, else
   * none (see the class comment).
   *
   * @param configured the configured keys
   * @param lake what the scanned objects of the table declare
   */
  static TableKeys resolve(String table, ConfiguredKeys configured, LakeKeys lake) {
    List<String> notes = new ArrayList<>();
    Optional<LakeKeys.Declared> newest = lake.newest();
    for (LakeKeys.Declared older : lake.disagreeing()) {
      notes.add(older.runs() + (older.runs() == 1 ? " older run records" : " older runs record") + " the key "
          + show(older.keys()) + " (newest: " + Printable.of(older.object()) + "); the newest run's "
          + show(newest.orElseThrow().keys()) + " applies; set insightflow.sync.keys." + table + " to choose one");
    }
    Optional<TableKeys> config = configured.forTable(table);
    if (config.isPresent()) {
      List<String> columns = config.get().columns();
      if (lake.columns() != null) {
        KeyColumns.problem(columns, lake.columns()).ifPresent(p -> notes.add(config.get().from() + ": " + p));
      }
      newest.filter(d -> !d.keys().equals(columns)).ifPresent(d -> notes.add(config.get().from()
          + " overrides the key " + show(d.keys()) + " of " + Printable.of(d.object())));
      return new TableKeys(table, columns, Origin.CONFIG, config.get().from(), notes);
    }
    if (newest.isPresent() && !newest.get().keys().isEmpty()) {
      return new TableKeys(table, newest.get().keys(), newest.get().origin(), newest.get().object(), notes);
    }
    return new TableKeys(table, List.of(), Origin.NONE, null, notes);
  }

  /**
   * The key a sink other than the lake uses for a source's table: configuration, else the source's
   * primary key ({@code keys}, from {@code source}). The same rule as {@link #resolve}, with the
   * source in the lake's place.
   */
  static TableKeys ofSource(String table, ConfiguredKeys configured, String source, List<String> keys) {
    LakeKeys lake = new LakeKeys();
    lake.declare(source, Instant.MIN, keys, Origin.SOURCE);
    return resolve(table, configured, lake);
  }

  private static String show(List<String> keys) {
    return keys.isEmpty() ? "none" : "(" + String.join(", ", keys) + ")";
  }
}
