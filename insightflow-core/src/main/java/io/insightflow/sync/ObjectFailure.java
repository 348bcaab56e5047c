package io.insightflow.sync;

import io.insightflow.api.Evolving;
import io.insightflow.api.Printable;
import java.util.Objects;

/**
 * An object that did not load; nothing of it was committed.
 *
 * @param table the target table (as named in the manifest)
 * @param key the object key
 * @param line the line of the object where PostgreSQL noticed the error (header = line 1), or 0 when
 *     not tied to a line
 * @param column the column at fault, or null; escaped ({@link Printable}), as a field name comes from data
 * @param message why, including the key, line and column when known; escaped, so safe to print on one line
 */
@Evolving
public record ObjectFailure(String table, String key, long line, String column, String message) {

  public ObjectFailure {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
    column = column == null ? null : Printable.of(column);
    message = Printable.escape(message);
  }
}
