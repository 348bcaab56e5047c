package io.insightflow.spi;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Rows that cross from a source to a sink as encoded bytes: CSV (RFC 4180, UTF-8, a header line,
 * an empty unquoted field for NULL, {@code ""} for the empty string), so the fast paths never parse
 * a row in Java. Whoever holds the batch owns its {@link BatchData}: a sink publishes or discards it.
 *
 * @param data the encoded rows, header included
 * @param rows data rows (the header excluded)
 * @param crc32c CRC32C of the bytes as 8 lowercase hex digits when known (computed while writing,
 *     or from a manifest), or null when the sink must compute it
 * @param end the chunk position after this batch's last row
 */
@Evolving
public record RecordBatch(BatchData data, long rows, String crc32c, Position end) {

  public RecordBatch {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(end, "end");
    if (rows < 0) {
      throw new InsightflowException("rows must be >= 0: " + rows);
    }
  }

  /** A batch held in a staging file. */
  public static RecordBatch ofFile(Path file, long rows, String crc32c, Position end) {
    return new RecordBatch(BatchData.of(file), rows, crc32c, end);
  }
}
