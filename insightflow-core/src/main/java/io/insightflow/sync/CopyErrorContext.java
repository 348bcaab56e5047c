package io.insightflow.sync;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Where a {@code COPY … FROM STDIN} failed, parsed from the server's error context, for example
 * {@code COPY order_products, line 3, column product_id: "abc"}.
 *
 * <p>PostgreSQL counts physical lines of the input, the header being line 1, and reports the line
 * where it noticed the error: for an unterminated quoted field that is the end of the input.
 *
 * @param line the line in the COPY input, header = 1, or 0 when unknown
 * @param column the column name, or null when the error is not tied to one column
 * @param message the server's primary message, such as {@code invalid input syntax for type integer}
 */
record CopyErrorContext(long line, String column, String message) {

  private static final Pattern WHERE = Pattern.compile("COPY .*?, line (\\d+)(?:, column ([A-Za-z0-9_$]+))?");
  /** {@code missing data for column "code"}, {@code null value in column "name" of relation …}. */
  private static final Pattern MESSAGE_COLUMN = Pattern.compile("column \"([A-Za-z0-9_$]+)\"");

  /** Parses the context of a failed COPY; empty when the exception carries no COPY context. */
  public static Optional<CopyErrorContext> of(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
        ServerErrorMessage server = psql.getServerErrorMessage();
        return Optional.of(parse(server.getWhere(), server.getMessage()));
      }
    }
    return Optional.empty();
  }

  /**
   * Parses a context line. The column comes from the context or, where PostgreSQL names it only in
   * the message ({@code missing data for column "code"}), from the message.
   *
   * @param where the server's {@code WHERE} field (may be null)
   * @param message the server's primary message (may be null)
   */
  public static CopyErrorContext parse(String where, String message) {
    if (where != null) {
      Matcher m = WHERE.matcher(where);
      if (m.find()) {
        String column = m.group(2);
        if (column == null && message != null) {
          Matcher named = MESSAGE_COLUMN.matcher(message);
          column = named.find() ? named.group(1) : null;
        }
        return new CopyErrorContext(Long.parseLong(m.group(1)), column, message);
      }
    }
    return new CopyErrorContext(0, null, message);
  }

  /** The line, when known. */
  public OptionalLong knownLine() {
    return line > 0 ? OptionalLong.of(line) : OptionalLong.empty();
  }

  /** {@code line 3, column product_id: invalid input syntax…}, for messages. */
  public String describe() {
    StringBuilder out = new StringBuilder();
    if (line > 0) {
      out.append("line ").append(line);
    }
    if (column != null) {
      out.append(out.length() > 0 ? ", " : "").append("column ").append(column);
    }
    if (message != null) {
      out.append(out.length() > 0 ? ": " : "").append(message);
    }
    return out.toString();
  }
}
