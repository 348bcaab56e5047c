package io.insightflow.connect.jdbc;

import java.nio.file.Path;

/** Receives the CSV part files an exporter produces, in order. */
public interface PartSink {

  /** A new empty file for the next part; the exporter writes it, then calls {@link #accept}. */
  Path newPartFile();

  /**
   * Takes ownership of a finished part file.
   *
   * @param rows data rows in the file (header excluded)
   * @param crc32c the file's CRC32C as 8 hex digits if the exporter computed it while writing,
   *     or null to have it computed from the file
   */
  void accept(Path file, long rows, String crc32c);
}
