package io.insightflow.layout;

import io.insightflow.api.Printable;
import io.insightflow.api.Internal;
import io.insightflow.sql.Identifiers;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one check of a table's key columns, wherever they come from: a source's primary key at
 * ingest, a run manifest or a {@code _schema.json} (untrusted lake text), or configuration. A key is
 * at most {@value #MAX} columns (PostgreSQL's limit of columns in an index), each a valid identifier
 * ({@link Identifiers}), named once, and a column of the table when its columns are known. [#21]
 */
@Internal
public final class KeyColumns {

  /** Most columns in a key: PostgreSQL's INDEX_MAX_KEYS, so any key can become a unique index. */
  public static final int MAX = 32;

  private KeyColumns() {}

  /**
   * What is wrong with {@code keys}, or empty when nothing is.
   *
   * @param keys the key columns, in key order
   * @param columns the table's columns, or null when they are not known (only names are checked then)
   * @return a sentence naming the first offending column, its text escaped
   */
  public static Optional<String> problem(List<String> keys, List<RunManifest.Column> columns) {
    if (keys == null) {
      return Optional.of("the key list is null; write [] for a table without a key");
    }
    if (keys.size() > MAX) {
      return Optional.of("a key has at most " + MAX + " columns, not " + keys.size());
    }
    Set<String> seen = new HashSet<>();
    for (String key : keys) {
      Optional<String> invalid = Identifiers.problem(key);
      if (invalid.isPresent()) {
        return Optional.of("key column " + (key == null ? "null" : "'" + Printable.of(key) + "'")
            + " is not a valid identifier: " + invalid.get());
      }
      if (!seen.add(key)) {
        return Optional.of("key column '" + Printable.of(key) + "' is named twice");
      }
      if (columns != null && columns.stream().noneMatch(c -> key.equals(c.name()))) {
        return Optional.of("key column '" + key + "' is no column of the table (columns: "
            + columns.stream().limit(20).map(c -> Printable.of(c.name())).collect(Collectors.joining(", "))
            + (columns.size() > 20 ? ", …" : "") + ")");
      }
    }
    return Optional.empty();
  }
}
