package io.insightflow.sync;

import io.insightflow.api.LakeException;

/**
 * An object that cannot load as a whole (it does not match its manifest, its header or row count is
 * wrong, or bad data makes its rows impossible to tell apart), with the place in it when known.
 * Thrown by the writer of {@link PostgresSink} and caught by {@link ObjectLoader}, which turns it
 * into an {@link ObjectFailure}.
 */
final class BadObjectException extends LakeException {

  private final long line;
  private final String column;

  /**
   * @param line the line of the object at fault (header = 1), or 0
   * @param column the column at fault, or null
   * @param message what is wrong, starting with the line and column when known
   */
  BadObjectException(String key, long line, String column, String message) {
    super(key, message);
    this.line = line;
    this.column = column;
  }

  long line() {
    return line;
  }

  String column() {
    return column;
  }
}
