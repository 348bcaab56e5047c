package io.insightflow.internal.layout;

import io.insightflow.api.InsightflowException;
import io.insightflow.layout.RunManifest;

/**
 * Deterministic names of data objects: the same table and part index always give the same name,
 * so a retried run overwrites its objects instead of adding duplicates.
 */
public final class PartNames {

  private PartNames() {}

  /** {@code <table>_part00001.csv} for index 1; zero-padded so names sort in part order. */
  public static String csvPart(String table, int index) {
    return csvPart(table, index, null);
  }

  /**
   * {@link #csvPart(String, int)}, with {@code .gz} appended for gzip parts.
   *
   * @param compression null for none, or {@code gzip}
   */
  public static String csvPart(String table, int index, String compression) {
    if (index < 1) {
      throw new InsightflowException("Part index starts at 1: " + index);
    }
    return String.format("%s_part%05d.csv%s", table, index, RunManifest.GZIP.equals(compression) ? ".gz" : "");
  }
}
