package io.insightflow.app;

import io.insightflow.api.Evolving;
import io.insightflow.sync.SyncMode;
import java.time.Instant;
import java.util.List;

/**
 * Per-call overrides of one sync; every field null (or empty {@code runs}) means "as configured".
 *
 * <pre>{@code
 * flow.sync(SyncCall.builder().mode(SyncMode.WINDOW).window(start, end).deadline(stopBy).build());
 * }</pre>
 *
 * @param mode the mode instead of {@code insightflow.sync.mode}, or null; a mode other than window
 *     drops the configured window
 * @param windowStart start of the window (inclusive), or null; a window needs the window mode
 * @param windowEnd end of the window (exclusive), or null
 * @param tables the tables instead of {@code insightflow.tables}, or null
 * @param runs manifest keys of the runs to load instead of what the mode selects; empty for none
 * @param deadline when the sync stops taking objects (it then reports what remains), or null
 */
@Evolving
public record SyncCall(SyncMode mode, Instant windowStart, Instant windowEnd, List<String> tables, List<String> runs,
    Instant deadline) {

  public SyncCall {
    tables = tables == null ? null : List.copyOf(tables);
    runs = runs == null ? List.of() : List.copyOf(runs);
  }

  /** The configured sync, with no override. */
  public static SyncCall configured() {
    return builder().build();
  }

  /** Whether the call sets a window bound. */
  public boolean hasWindow() {
    return windowStart != null || windowEnd != null;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link SyncCall}. Not thread-safe. */
  public static final class Builder {
    private SyncMode mode;
    private Instant windowStart;
    private Instant windowEnd;
    private List<String> tables;
    private List<String> runs;
    private Instant deadline;

    private Builder() {}

    public Builder mode(SyncMode mode) {
      this.mode = mode;
      return this;
    }

    public Builder window(Instant start, Instant end) {
      this.windowStart = start;
      this.windowEnd = end;
      return this;
    }

    public Builder tables(List<String> tables) {
      this.tables = tables;
      return this;
    }

    public Builder runs(List<String> manifestKeys) {
      this.runs = manifestKeys;
      return this;
    }

    public Builder deadline(Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    public SyncCall build() {
      return new SyncCall(mode, windowStart, windowEnd, tables, runs, deadline);
    }
  }
}
