package io.insightflow.app;

import io.insightflow.api.Evolving;
import java.time.Instant;
import java.util.List;

/**
 * Per-call overrides of one ingest run; every field null means "as configured".
 *
 * <pre>{@code
 * flow.ingest(IngestCall.builder().tables(List.of("orders")).triggerTime(scheduled).deadline(stopBy).build());
 * }</pre>
 *
 * @param tables the tables instead of {@code insightflow.tables}, or null
 * @param triggerTime the run's partition time instead of {@code insightflow.ingest.triggerTime}, or null
 * @param deadline when the run must stop between parts (it then reports pending tables), or null; the
 *     earlier of this and {@code insightflow.ingest.timeBudget} wins
 */
@Evolving
public record IngestCall(List<String> tables, Instant triggerTime, Instant deadline) {

  public IngestCall {
    tables = tables == null ? null : List.copyOf(tables);
  }

  /** The configured run, with no override. */
  public static IngestCall configured() {
    return new IngestCall(null, null, null);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder of {@link IngestCall}. Not thread-safe. */
  public static final class Builder {
    private List<String> tables;
    private Instant triggerTime;
    private Instant deadline;

    private Builder() {}

    public Builder tables(List<String> tables) {
      this.tables = tables;
      return this;
    }

    public Builder triggerTime(Instant triggerTime) {
      this.triggerTime = triggerTime;
      return this;
    }

    public Builder deadline(Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    public IngestCall build() {
      return new IngestCall(tables, triggerTime, deadline);
    }
  }
}
