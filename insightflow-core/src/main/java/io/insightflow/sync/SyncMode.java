package io.insightflow.sync;

/** Which lake objects a sync considers. */
public enum SyncMode {
  /** Every complete object not loaded yet; listing starts at the table's watermark. The default. */
  INCREMENTAL,
  /** Every complete object in the lake; already-loaded, unchanged objects are still skipped. */
  FULL,
  /** Objects whose partition time lies in the half-open window {@code [start, end)}. */
  WINDOW
}
