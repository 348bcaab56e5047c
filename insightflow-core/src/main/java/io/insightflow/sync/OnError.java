package io.insightflow.sync;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Stable;
import io.insightflow.config.InsightflowProperties;
import java.util.Locale;

/** What happens to an object that holds rows PostgreSQL cannot load. */
@Stable
public enum OnError {
  /**
   * The object fails as a whole: nothing of it commits, the failure names the object key, line and
   * column, the other objects still load and the result is unsuccessful (the default).
   */
  FAIL,
  /**
   * Bad rows are written to {@code rejects/<table>/<object key>.csv} in the lake with their line and
   * reason, and the good rows load; rows read = rows loaded + rows rejected.
   */
  REJECT;

  /**
   * Parses {@code fail} or {@code reject}, case-insensitively.
   *
   * @throws InsightflowConfigException naming {@code insightflow.sync.onError}
   */
  public static OnError parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new InsightflowConfigException(InsightflowProperties.SYNC_ON_ERROR.name(),
          "Unknown onError '" + value + "'; use fail or reject");
    }
  }
}
