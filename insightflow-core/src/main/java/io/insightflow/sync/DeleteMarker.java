package io.insightflow.sync;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.sql.Identifiers;

/**
 * Which rows of a merge table's objects are deletes ({@code insightflow.sync.deleteMarker[.<table>]}):
 * those whose {@code column} holds {@code value} (AWS DMS writes {@code Op=D}), or, with no value,
 * those whose boolean {@code column} is true. [#21]
 *
 * @param column the marker column, a valid identifier
 * @param value the text that marks a delete, compared with the column's text; null for a boolean column
 */
record DeleteMarker(String column, String value) {

  /**
   * Parses {@code <column>=<value>} or {@code <column>}.
   *
   * @throws InsightflowConfigException naming {@code key} when the column is no identifier or the value is empty
   */
  static DeleteMarker parse(String key, String text) {
    int eq = text.indexOf('=');
    String column = (eq < 0 ? text : text.substring(0, eq)).strip();
    Identifiers.validate(key, column);
    if (eq < 0) {
      return new DeleteMarker(column, null);
    }
    String value = text.substring(eq + 1).strip();
    if (value.isEmpty()) {
      throw new InsightflowConfigException(key, "A delete marker is <column>=<value> (such as Op=D) or a boolean"
          + " column (such as is_deleted); '" + column + "=' has no value");
    }
    return new DeleteMarker(column, value);
  }

  /** The SQL that is true for a delete row of {@code alias}; a value marker takes it as its one parameter. */
  String sql(String alias) {
    return value == null ? "coalesce(" + alias + "." + Identifiers.quote(column) + "::boolean, false)"
        : "coalesce(" + alias + "." + Identifiers.quote(column) + "::text = ?::text, false)";
  }
}
