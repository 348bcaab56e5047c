package io.insightflow.sync;

import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowProperties;
import io.insightflow.connect.postgres.PostgresIdentifiers;
import io.insightflow.lake.ObjectKeys;
import io.insightflow.layout.PartitionTemplate;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one sync does: mode, window, parallelism, bad-row policy, time budget, tables and layouts.
 * Immutable, reusable and thread-safe; build with {@link #builder()} or {@link #fromProperties}.
 *
 * <pre>{@code
 * SyncOptions options = SyncOptions.builder()
 *     .mode(SyncMode.WINDOW)
 *     .window(Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-05-02T00:00:00Z"))
 *     .tables(Set.of("orders", "order_products__prior"))
 *     .timeBudget(Duration.ofMinutes(14))
 *     .build();
 * }</pre>
 */
public final class SyncOptions {

  /** Default safety margin subtracted from the watermark before an incremental listing. */
  public static final Duration DEFAULT_WATERMARK_MARGIN = Duration.ofHours(1);

  /** Default time PostgreSQL may stay unreachable (a restart, a failover) before objects fail. */
  public static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofSeconds(60);

  private final SyncMode mode;
  private final Instant windowStart;
  private final Instant windowEnd;
  private final int threads;
  private final OnError onError;
  private final Instant deadline;
  private final Duration timeBudget;
  private final Set<String> tables;
  private final String schema;
  private final List<PartitionTemplate> templates;
  private final boolean reload;
  private final Duration watermarkMargin;
  private final Set<String> runs;
  private final Duration retryTimeout;

  private SyncOptions(Builder b) {
    this.mode = b.mode;
    this.windowStart = b.windowStart;
    this.windowEnd = b.windowEnd;
    this.threads = b.threads == null ? Runtime.getRuntime().availableProcessors() : b.threads;
    this.onError = b.onError;
    this.deadline = b.deadline;
    this.timeBudget = b.timeBudget;
    this.tables = Set.copyOf(b.tables);
    this.schema = b.schema;
    this.templates = List.copyOf(b.templates);
    this.reload = b.reload;
    this.watermarkMargin = b.watermarkMargin;
    this.runs = Set.copyOf(b.runs);
    this.retryTimeout = b.retryTimeout;
  }

  /** A builder with the defaults: incremental, threads = processors, onError fail, all tables. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options from the {@code insightflow.sync.*}, {@code insightflow.tables} and
   * {@code insightflow.target.schema} keys (other keys are ignored).
   *
   * @throws InsightflowConfigException naming the offending key
   */
  public static SyncOptions fromProperties(Map<String, String> properties) {
    Objects.requireNonNull(properties, "properties");
    Builder b = builder();
    String mode = properties.get(InsightflowProperties.SYNC_MODE.name());
    if (mode != null) {
      b.mode(SyncMode.parse(mode));
    }
    Instant start = instant(properties, InsightflowProperties.SYNC_START);
    Instant end = instant(properties, InsightflowProperties.SYNC_END);
    if (start != null || end != null) {
      b.window(start, end);
    }
    String threads = properties.get(InsightflowProperties.SYNC_THREADS.name());
    if (threads != null && !threads.isBlank()) {
      try {
        b.threads(Integer.parseInt(threads.trim()));
      } catch (NumberFormatException e) {
        throw new InsightflowConfigException(InsightflowProperties.SYNC_THREADS.name(),
            "Not a number: '" + threads + "'");
      }
    }
    String onError = properties.get(InsightflowProperties.SYNC_ON_ERROR.name());
    if (onError != null) {
      b.onError(OnError.parse(onError));
    }
    String tables = properties.get(InsightflowProperties.TABLES.name());
    if (tables != null && !tables.isBlank()) {
      b.tables(Arrays.stream(tables.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList());
    }
    String schema = properties.get(InsightflowProperties.TARGET_SCHEMA.name());
    if (schema != null) {
      b.schema(schema);
    }
    Duration budget = InsightflowProperties.durationValue(properties, InsightflowProperties.SYNC_TIME_BUDGET);
    if (budget != null) {
      b.timeBudget(budget);
    }
    b.watermarkMargin(InsightflowProperties.durationValue(properties, InsightflowProperties.SYNC_WATERMARK_MARGIN));
    b.reload(Boolean.parseBoolean(InsightflowProperties.value(properties, InsightflowProperties.SYNC_RELOAD)));
    b.retryTimeout(InsightflowProperties.durationValue(properties, InsightflowProperties.SYNC_RETRY_TIMEOUT));
    return b.build();
  }

  private static Instant instant(Map<String, String> properties, InsightflowProperties.Key key) {
    String value = properties.get(key.name());
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new InsightflowConfigException(key.name(),
          "Not an ISO-8601 instant: '" + value + "'; write e.g. 2024-05-01T00:00:00Z");
    }
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.mode = mode;
    b.windowStart = windowStart;
    b.windowEnd = windowEnd;
    b.threads = threads;
    b.onError = onError;
    b.deadline = deadline;
    b.timeBudget = timeBudget;
    b.tables = new LinkedHashSet<>(tables);
    b.schema = schema;
    b.templates = List.copyOf(templates);
    b.reload = reload;
    b.watermarkMargin = watermarkMargin;
    b.runs = new LinkedHashSet<>(runs);
    b.retryTimeout = retryTimeout;
    return b;
  }

  /** The mode. */
  public SyncMode mode() {
    return mode;
  }

  /** Window start (inclusive); set in {@link SyncMode#WINDOW} only. */
  public Instant windowStart() {
    return windowStart;
  }

  /** Window end (exclusive); set in {@link SyncMode#WINDOW} only. */
  public Instant windowEnd() {
    return windowEnd;
  }

  /** Parallel COPY connections. */
  public int threads() {
    return threads;
  }

  /** Bad-row policy. */
  public OnError onError() {
    return onError;
  }

  /** Absolute deadline, or null. */
  public Instant deadline() {
    return deadline;
  }

  /** Time budget counted from the start of each sync, or null. */
  public Duration timeBudget() {
    return timeBudget;
  }

  /** Tables to sync; empty means every table found in the lake. */
  public Set<String> tables() {
    return tables;
  }

  /** Target schema, or null to use the connection options' schema. */
  public String schema() {
    return schema;
  }

  /** Layouts scanned, in order (default: the batch and the stream layout). */
  public List<PartitionTemplate> templates() {
    return templates;
  }

  /** Whether FULL and WINDOW syncs load again objects that are already loaded and unchanged. */
  public boolean reload() {
    return reload;
  }

  /** Safety margin before the watermark where incremental listings start. */
  public Duration watermarkMargin() {
    return watermarkMargin;
  }

  /**
   * Manifest keys of the runs to load, or empty to select by mode. When set, exactly the objects
   * these manifests list are loaded (still only of {@link #tables()} when that is set), whatever
   * the mode, and no watermark moves: this is how an S3 event notification of new manifests syncs
   * just the runs it names.
   */
  public Set<String> runs() {
    return runs;
  }

  /**
   * How long a sync keeps retrying when PostgreSQL refuses or cuts its connections (a restart, a
   * failover, a terminated backend) before the objects concerned fail; zero disables retries.
   */
  public Duration retryTimeout() {
    return retryTimeout;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SyncOptions other && mode == other.mode
        && Objects.equals(windowStart, other.windowStart) && Objects.equals(windowEnd, other.windowEnd)
        && threads == other.threads && onError == other.onError && Objects.equals(deadline, other.deadline)
        && Objects.equals(timeBudget, other.timeBudget) && tables.equals(other.tables)
        && Objects.equals(schema, other.schema) && templates.equals(other.templates)
        && reload == other.reload && watermarkMargin.equals(other.watermarkMargin)
        && retryTimeout.equals(other.retryTimeout) && runs.equals(other.runs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, windowStart, windowEnd, threads, onError, deadline, timeBudget, tables,
        schema, templates, reload, watermarkMargin, retryTimeout, runs);
  }

  @Override
  public String toString() {
    return "SyncOptions[mode=" + mode + (mode == SyncMode.WINDOW ? ", window=[" + windowStart + ", "
        + windowEnd + ")" : "") + ", threads=" + threads + ", onError=" + onError
        + ", deadline=" + deadline + ", timeBudget=" + timeBudget + ", tables=" + tables
        + ", schema=" + schema + ", templates=" + templates + ", reload=" + reload
        + ", watermarkMargin=" + watermarkMargin + ", retryTimeout=" + retryTimeout
        + (runs.isEmpty() ? "" : ", runs=" + runs) + "]";
  }

  /** Builder; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private SyncMode mode = SyncMode.INCREMENTAL;
    private Instant windowStart;
    private Instant windowEnd;
    private Integer threads;
    private OnError onError = OnError.FAIL;
    private Instant deadline;
    private Duration timeBudget;
    private Set<String> tables = new LinkedHashSet<>();
    private String schema;
    private List<PartitionTemplate> templates =
        List.of(PartitionTemplate.batch(), PartitionTemplate.stream());
    private boolean reload;
    private Duration watermarkMargin = DEFAULT_WATERMARK_MARGIN;
    private Set<String> runs = new LinkedHashSet<>();
    private Duration retryTimeout = DEFAULT_RETRY_TIMEOUT;

    private Builder() {}

    /** The mode (default {@link SyncMode#INCREMENTAL}). */
    public Builder mode(SyncMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** The half-open window {@code [start, end)} on partition time, for {@link SyncMode#WINDOW}. */
    public Builder window(Instant start, Instant end) {
      this.windowStart = start;
      this.windowEnd = end;
      return this;
    }

    /** Parallel COPY connections (default: available processors). */
    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /** Bad-row policy (default {@link OnError#FAIL}). */
    public Builder onError(OnError onError) {
      this.onError = Objects.requireNonNull(onError, "onError");
      return this;
    }

    /** No object starts loading at or after this instant (null: none). */
    public Builder deadline(Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    /**
     * A budget counted from the start of each sync, such as a Lambda's remaining time minus a
     * margin for the reply (null: none). Combined with {@link #deadline}, the earlier wins.
     */
    public Builder timeBudget(Duration timeBudget) {
      this.timeBudget = timeBudget;
      return this;
    }

    /** Tables to sync (default: all found in the lake); names are validated identifiers. */
    public Builder tables(java.util.Collection<String> tables) {
      this.tables = new LinkedHashSet<>(Objects.requireNonNull(tables, "tables"));
      return this;
    }

    /** Target schema, overriding the connection options' schema. */
    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    /** Layouts to scan (default: the batch and the stream layout). */
    public Builder templates(List<PartitionTemplate> templates) {
      this.templates = List.copyOf(Objects.requireNonNull(templates, "templates"));
      return this;
    }

    /** Whether FULL and WINDOW syncs reload objects that are already loaded and unchanged. */
    public Builder reload(boolean reload) {
      this.reload = reload;
      return this;
    }

    /**
     * How far before the watermark incremental listings start (default 1 hour), so runs whose
     * first object appears after a later run was loaded are still found.
     */
    public Builder watermarkMargin(Duration watermarkMargin) {
      this.watermarkMargin = Objects.requireNonNull(watermarkMargin, "watermarkMargin");
      return this;
    }

    /**
     * Restricts the sync to the runs whose manifests these are: keys relative to the lake, each
     * named {@code _manifest*.json} inside a partition folder (default: none, select by mode).
     */
    public Builder runs(java.util.Collection<String> manifestKeys) {
      this.runs = new LinkedHashSet<>(Objects.requireNonNull(manifestKeys, "manifestKeys"));
      return this;
    }

    /**
     * How long PostgreSQL may stay unreachable before objects fail (default 60 s); while it is, the
     * workers retry with growing pauses. Zero disables retries.
     */
    public Builder retryTimeout(Duration retryTimeout) {
      this.retryTimeout = Objects.requireNonNull(retryTimeout, "retryTimeout");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws InsightflowConfigException naming the offending key
     */
    public SyncOptions build() {
      if (mode == SyncMode.WINDOW) {
        if (windowStart == null || windowEnd == null) {
          throw new InsightflowConfigException(InsightflowProperties.SYNC_START.name(),
              "Window mode needs both insightflow.sync.start and insightflow.sync.end");
        }
        if (!windowStart.isBefore(windowEnd)) {
          throw new InsightflowConfigException(InsightflowProperties.SYNC_END.name(),
              "Window end " + windowEnd + " must be after its start " + windowStart);
        }
      } else {
        windowStart = null;
        windowEnd = null;
      }
      if (threads != null && (threads < 1 || threads > 256)) {
        throw new InsightflowConfigException(InsightflowProperties.SYNC_THREADS.name(),
            "Threads must be between 1 and 256, not " + threads);
      }
      if (timeBudget != null && timeBudget.isNegative()) {
        throw new InsightflowConfigException("insightflow.sync.timeBudget", "Time budget is negative");
      }
      if (watermarkMargin.isNegative()) {
        throw new InsightflowConfigException("insightflow.sync.watermarkMargin", "Margin is negative");
      }
      if (retryTimeout.isNegative()) {
        throw new InsightflowConfigException(InsightflowProperties.SYNC_RETRY_TIMEOUT.name(), "Retry timeout is negative");
      }
      if (templates.isEmpty()) {
        throw new InsightflowConfigException(InsightflowProperties.INGEST_TEMPLATE.name(),
            "At least one partition template is needed");
      }
      tables.forEach(t -> PostgresIdentifiers.check(InsightflowProperties.TABLES.name(), t));
      for (String run : runs) {
        if (!LakeScanner.isManifest(ObjectKeys.check(run))) {
          throw new IllegalArgumentException("'" + run + "' is not a run manifest; a run is named by its"
              + " _manifest*.json object");
        }
      }
      if (schema != null) {
        PostgresIdentifiers.check(InsightflowProperties.TARGET_SCHEMA.name(), schema);
      }
      return new SyncOptions(this);
    }
  }
}
