package io.insightflow.api;

/** Reading from a source (a warehouse table or query) failed. Carries the table. */
@Stable
public class SourceException extends InsightflowException {

  private final String table;

  public SourceException(String table, String message, Throwable cause) {
    super(message + " [table " + table + "]", cause);
    this.table = table;
  }

  public SourceException(String table, String message) {
    this(table, message, null);
  }

  /** The table (or query name) that was being read. */
  public String table() {
    return table;
  }
}
