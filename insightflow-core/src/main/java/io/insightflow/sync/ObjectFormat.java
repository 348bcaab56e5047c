package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import java.util.Locale;

/**
 * How a lake object encodes its rows.
 *
 * @param kind {@code csv} (RFC 4180, an empty unquoted field for NULL) or {@code jsonl} (one JSON
 *     object per line, loaded by column name)
 * @param header whether a CSV object starts with a header line naming the columns
 * @param compression {@code none}, {@code gzip}, or {@code auto}: gzip when the name ends in
 *     {@code .gz} or the bytes start with gzip's magic number
 */
record ObjectFormat(String kind, boolean header, String compression) {

  /** What insightflow's own runs write. */
  static final ObjectFormat CSV = new ObjectFormat("csv", true, "none");

  ObjectFormat {
    // The messages leave the value out: it is lake text (a _schema.json's), of any length.
    kind = kind.toLowerCase(Locale.ROOT);
    compression = compression == null ? "auto" : compression.toLowerCase(Locale.ROOT);
    if (!kind.equals("csv") && !kind.equals("jsonl")) {
      throw new InsightflowException("format must be csv or jsonl");
    }
    if (!compression.equals("none") && !compression.equals("gzip") && !compression.equals("auto")) {
      throw new InsightflowException("compression must be none, gzip or auto");
    }
  }

  /** Whether rows are JSON lines. */
  boolean jsonLines() {
    return kind.equals("jsonl");
  }

  /** The same format with another compression. */
  ObjectFormat withCompression(String compression) {
    return new ObjectFormat(kind, header, compression);
  }
}
