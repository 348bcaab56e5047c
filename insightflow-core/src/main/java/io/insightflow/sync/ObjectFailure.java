package io.insightflow.sync;

import java.util.Objects;

/**
 * An object that did not load; nothing of it was committed.
 *
 * @param table the target table (as named in the manifest)
 * @param key the object key
 * @param line the line of the object where PostgreSQL noticed the error (header = line 1), or 0 when
 *     not tied to a line
 * @param column the column at fault, or null
 * @param message why, including the key, line and column when known
 */
public record ObjectFailure(String table, String key, long line, String column, String message) {

  public ObjectFailure {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(message, "message");
  }
}
