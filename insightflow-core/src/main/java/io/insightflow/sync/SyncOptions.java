package io.insightflow.sync;

import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowProperties;
import io.insightflow.connect.postgres.PostgresTarget;
import io.insightflow.ingest.IngestOptions;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.sql.Identifiers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What one sync does. Immutable; build with {@link #builder()} or {@link #fromProperties}. */
public final class SyncOptions {

  private final PostgresTarget target;
  private final String schema;
  private final List<String> tables;
  private final SyncMode mode;
  private final Instant start;
  private final Instant end;
  private final int threads;
  private final Instant deadline;
  private final Duration lookback;
  private final List<PartitionTemplate> templates;
  private final Clock clock;

  private SyncOptions(Builder b) {
    this.target = b.target;
    this.schema = b.schema;
    this.tables = List.copyOf(b.tables);
    this.mode = b.mode;
    this.start = b.start;
    this.end = b.end;
    this.threads = b.threads;
    this.deadline = b.deadline;
    this.lookback = b.lookback;
    this.templates = List.copyOf(b.templates);
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options from {@code insightflow.target.*}, {@code insightflow.tables} and {@code insightflow.sync.*}. */
  public static SyncOptions fromProperties(Map<String, String> p) {
    Builder b = builder().target(PostgresTarget.fromProperties(p));
    String schema = p.get(InsightflowProperties.TARGET_SCHEMA.name());
    if (schema != null) {
      b.schema(schema);
    }
    String tables = p.get(InsightflowProperties.TABLES.name());
    if (tables != null) {
      b.tables(Arrays.stream(tables.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
    }
    String mode = p.get(InsightflowProperties.SYNC_MODE.name());
    if (mode != null) {
      try {
        b.mode(SyncMode.valueOf(mode.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new InsightflowConfigException(InsightflowProperties.SYNC_MODE.name(),
            "'" + mode + "' is not a mode; use incremental, full or window", e);
      }
    }
    String start = p.get(InsightflowProperties.SYNC_START.name());
    if (start != null && !start.isBlank()) {
      b.start(IngestOptions.parseInstant(InsightflowProperties.SYNC_START.name(), start));
    }
    String end = p.get(InsightflowProperties.SYNC_END.name());
    if (end != null && !end.isBlank()) {
      b.end(IngestOptions.parseInstant(InsightflowProperties.SYNC_END.name(), end));
    }
    String threads = p.get(InsightflowProperties.SYNC_THREADS.name());
    if (threads != null && !threads.isBlank()) {
      try {
        b.threads(Integer.parseInt(threads.trim()));
      } catch (NumberFormatException e) {
        throw new InsightflowConfigException(InsightflowProperties.SYNC_THREADS.name(),
            "'" + threads + "' is not a whole number", e);
      }
    }
    String onError = p.get(InsightflowProperties.SYNC_ON_ERROR.name());
    if (onError != null && !onError.trim().equalsIgnoreCase("fail")) {
      throw new InsightflowConfigException(InsightflowProperties.SYNC_ON_ERROR.name(),
          "'" + onError + "' is not supported yet; use fail");
    }
    String template = p.get(InsightflowProperties.INGEST_TEMPLATE.name());
    if (template != null) {
      b.templates(List.of(PartitionTemplate.of(template), PartitionTemplate.stream()));
    }
    return b.build();
  }

  public Builder toBuilder() {
    return builder().target(target).schema(schema).tables(tables).mode(mode).start(start).end(end)
        .threads(threads).deadline(deadline).lookback(lookback).templates(templates).clock(clock);
  }

  public PostgresTarget target() {
    return target;
  }

  /** The PostgreSQL schema that receives the tables and the load records. */
  public String schema() {
    return schema;
  }

  /** Tables to sync; empty means every table found in the lake. */
  public List<String> tables() {
    return tables;
  }

  public SyncMode mode() {
    return mode;
  }

  public Optional<Instant> start() {
    return Optional.ofNullable(start);
  }

  public Optional<Instant> end() {
    return Optional.ofNullable(end);
  }

  /** Parallel COPY connections. */
  public int threads() {
    return threads;
  }

  /** When to stop taking new objects, for example a Lambda's remaining time; empty means none. */
  public Optional<Instant> deadline() {
    return Optional.ofNullable(deadline);
  }

  /**
   * How far before a table's watermark incremental listing starts, so runs that completed late
   * (a long ingest that wrote its manifest after a newer one) are still found.
   */
  public Duration lookback() {
    return lookback;
  }

  /** Lake layouts to read: the batch template and the stream template. */
  public List<PartitionTemplate> templates() {
    return templates;
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SyncOptions other && target.equals(other.target) && schema.equals(other.schema)
        && tables.equals(other.tables) && mode == other.mode && Objects.equals(start, other.start)
        && Objects.equals(end, other.end) && threads == other.threads
        && Objects.equals(deadline, other.deadline) && lookback.equals(other.lookback)
        && templates.equals(other.templates) && clock.equals(other.clock);
  }

  @Override
  public int hashCode() {
    return Objects.hash(target, schema, tables, mode, start, end, threads, deadline, lookback, templates, clock);
  }

  @Override
  public String toString() {
    return "SyncOptions[target=" + target + ", schema=" + schema + ", tables=" + tables + ", mode=" + mode
        + ", window=[" + start + ", " + end + "), threads=" + threads + ", deadline=" + deadline + "]";
  }

  /** Builder; {@link #build()} validates and names the offending key. */
  public static final class Builder {
    private PostgresTarget target;
    private String schema = InsightflowProperties.TARGET_SCHEMA.defaultValue();
    private List<String> tables = List.of();
    private SyncMode mode = SyncMode.INCREMENTAL;
    private Instant start;
    private Instant end;
    private int threads = Runtime.getRuntime().availableProcessors();
    private Instant deadline;
    private Duration lookback = Duration.ofDays(1);
    private List<PartitionTemplate> templates = List.of(PartitionTemplate.batch(), PartitionTemplate.stream());
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder target(PostgresTarget target) {
      this.target = target;
      return this;
    }

    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    public Builder tables(List<String> tables) {
      this.tables = List.copyOf(tables);
      return this;
    }

    public Builder mode(SyncMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    public Builder end(Instant end) {
      this.end = end;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Builder deadline(Instant deadline) {
      this.deadline = deadline;
      return this;
    }

    /** Convenience for a time budget from now, such as a Lambda's remaining time minus a margin. */
    public Builder budget(Duration budget) {
      this.deadline = clock.instant().plus(budget);
      return this;
    }

    public Builder lookback(Duration lookback) {
      this.lookback = Objects.requireNonNull(lookback, "lookback");
      return this;
    }

    public Builder templates(List<PartitionTemplate> templates) {
      this.templates = List.copyOf(templates);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public SyncOptions build() {
      if (target == null) {
        throw new InsightflowConfigException(InsightflowProperties.TARGET_URL.name(), "is required");
      }
      Identifiers.validate(InsightflowProperties.TARGET_SCHEMA.name(), schema);
      tables.forEach(t -> Identifiers.validate(InsightflowProperties.TABLES.name(), t));
      if (threads < 1) {
        throw new InsightflowConfigException(InsightflowProperties.SYNC_THREADS.name(), "must be at least 1, got " + threads);
      }
      if (mode == SyncMode.WINDOW && (start == null || end == null)) {
        throw new InsightflowConfigException(start == null ? InsightflowProperties.SYNC_START.name()
            : InsightflowProperties.SYNC_END.name(), "is required with insightflow.sync.mode=window");
      }
      if (mode == SyncMode.WINDOW && !start.isBefore(end)) {
        throw new InsightflowConfigException(InsightflowProperties.SYNC_END.name(),
            "must be after insightflow.sync.start (" + start + "), got " + end);
      }
      return new SyncOptions(this);
    }
  }
}
