package io.insightflow.sync;

import io.insightflow.api.InsightflowException;

/**
 * An object whose columns its table cannot take: a type change that is no safe widening, any change
 * under {@link SchemaChangeMode#FREEZE}, or a widening a view blocks. Thrown before anything of the
 * object is committed; the message names the table, the column and both types. [#21]
 */
final class SchemaChangeException extends InsightflowException {

  private final String column;

  SchemaChangeException(String column, String message) {
    super(message);
    this.column = column;
  }

  /** The (first) column concerned. */
  String column() {
    return column;
  }
}
