package io.insightflow.sync;

import java.io.IOException;

/**
 * A line of an object that cannot become a row (a malformed JSON line, a CSV field PostgreSQL would
 * read otherwise than it is written), thrown by the stream COPY reads, so that it ends the COPY and
 * is its cause. An {@link IOException} for that reason; {@link ObjectLoader} names the object.
 */
final class BadLineException extends IOException {

  private final long line;
  private final String column;

  /**
   * @param line the line of the object (header = 1)
   * @param column the column or field at fault, or null
   * @param message what is wrong, starting with the line (and column)
   */
  BadLineException(long line, String column, String message) {
    super(message);
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
