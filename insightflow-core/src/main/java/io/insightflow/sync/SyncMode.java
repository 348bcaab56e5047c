package io.insightflow.sync;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Stable;
import io.insightflow.config.InsightflowProperties;
import java.util.Locale;

/** Which complete lake objects a sync considers. */
@Stable
public enum SyncMode {
  /**
   * Every complete object not loaded yet (the default). The listing of each table starts at its
   * watermark minus a safety margin instead of at the beginning of history.
   */
  INCREMENTAL,
  /** Every complete object in the lake; loaded, unchanged objects are still skipped unless reloading. */
  FULL,
  /** Complete objects whose partition time lies in the half-open window {@code [start, end)}. */
  WINDOW;

  /**
   * Parses {@code incremental}, {@code full} or {@code window}, case-insensitively.
   *
   * @throws InsightflowConfigException naming {@code insightflow.sync.mode}
   */
  public static SyncMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InsightflowConfigException(InsightflowProperties.SYNC_MODE.name(),
          "Unknown sync mode '" + value + "'; use incremental, full or window");
    }
  }
}
