package io.insightflow.sync;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import java.util.Locale;

/**
 * What a table in PostgreSQL means, per table ({@code insightflow.sync.writeMode} and
 * {@code insightflow.sync.writeMode.<table>}; see DESIGN.md, "Write modes").
 */
@Evolving
public enum WriteMode {
  /** Every complete object adds its rows; a rewritten object replaces its own rows (the default). */
  APPEND,
  /**
   * The table holds the newest complete run of a snapshot table: a newer run replaces it in one
   * transaction (readers see the old or the new table), an older run never replaces a newer one.
   */
  REPLACE,
  /**
   * Upsert on the table's key ({@link TableKeys}): the table equals applying every loaded object in
   * lake order, whatever order, concurrency and number of workers load them in; reloading an object
   * changes nothing. Sync only.
   */
  MERGE;

  /**
   * Parses {@code append}, {@code replace} or {@code merge}, case-insensitively.
   *
   * @param key the key the value came from, named in the error
   * @throws InsightflowConfigException naming {@code key}
   */
  public static WriteMode parse(String key, String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InsightflowConfigException(key, "Unknown write mode '" + value + "'; use append, replace or merge");
    }
  }

  /** The mode as configured: {@code append}, {@code replace} or {@code merge}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
