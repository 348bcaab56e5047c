package io.insightflow.sync;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import java.util.Locale;

/**
 * What sync does when an object's columns differ from its table's ({@code insightflow.sync.schemaChanges}
 * and {@code insightflow.sync.schemaChanges.<table>}; see DESIGN.md, "Write modes"). [#21]
 */
@Evolving
public enum SchemaChangeMode {
  /**
   * New columns are added and safe widenings applied, in the object's own transaction; any other
   * type change fails the object (the default).
   */
  EVOLVE,
  /**
   * The table's columns are a data contract: an object with a column the table lacks, or a column
   * of another type than the table's, fails; the table never changes.
   */
  FREEZE;

  /**
   * Parses {@code evolve} or {@code freeze}, case-insensitively.
   *
   * @param key the key the value came from, named in the error
   * @throws InsightflowConfigException naming {@code key}
   */
  public static SchemaChangeMode parse(String key, String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InsightflowConfigException(key, "Unknown schema change mode '" + value + "'; use evolve or freeze");
    }
  }

  /** The mode as configured: {@code evolve} or {@code freeze}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }
}
