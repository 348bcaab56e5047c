package io.insightflow.ingest;

import static io.insightflow.config.InsightflowProperties.INGEST_BATCH_SIZE;
import static io.insightflow.config.InsightflowProperties.INGEST_COMPRESSION;
import static io.insightflow.config.InsightflowProperties.INGEST_TEMPLATE;
import static io.insightflow.config.InsightflowProperties.INGEST_TIME_BUDGET;
import static io.insightflow.config.InsightflowProperties.INGEST_TRIGGER_TIME;
import static io.insightflow.config.InsightflowProperties.SOURCE_URL;
import static io.insightflow.config.InsightflowProperties.TABLES;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.Connectors;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.TableName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one batch ingest run does. Immutable; build with {@link #builder()} or {@link #fromProperties}.
 *
 * @param source the source to read ({@code insightflow.source.*})
 * @param tables the tables, in run order ({@code insightflow.tables})
 * @param batchSize most rows per part ({@code insightflow.ingest.batchSize})
 * @param triggerTime the run's timestamp; null means "now" at run start ({@code .triggerTime})
 * @param template the lake layout ({@code insightflow.ingest.template})
 * @param timeBudget how long the run may take before it stops between parts, or null for no limit
 *     ({@code insightflow.ingest.timeBudget})
 * @param compression null for plain parts, or {@code gzip} ({@code insightflow.ingest.compression})
 * @param clock where "now" comes from
 */
@Evolving
public record IngestOptions(SourceConfig source, List<TableName> tables, int batchSize, Instant triggerTime,
    PartitionTemplate template, Duration timeBudget, String compression, Clock clock) {

  /** Validates eagerly, naming the key at fault. */
  public IngestOptions {
    if (source == null) {
      throw new InsightflowConfigException(SOURCE_URL.name(), "is required");
    }
    Connectors.sourceProvider(source.url(), IngestOptions.class.getClassLoader()); // names the key when none accepts it
    tables = List.copyOf(tables);
    if (tables.isEmpty()) {
      throw new InsightflowConfigException(TABLES.name(),
          "is required: name at least one table, e.g. insightflow.tables=orders,products");
    }
    if (batchSize <= 0) {
      throw new InsightflowConfigException(INGEST_BATCH_SIZE.name(),
          "must be positive, got " + batchSize);
    }
    if (timeBudget != null && (timeBudget.isNegative() || timeBudget.isZero())) {
      throw new InsightflowConfigException(INGEST_TIME_BUDGET.name(),
          "must be positive, got " + timeBudget);
    }
    if (triggerTime != null) {
      PartitionTemplate.requireRepresentable(INGEST_TRIGGER_TIME.name(), triggerTime);
    }
    if (compression != null && !compression.equals(RunManifest.GZIP)) {
      throw new InsightflowConfigException(INGEST_COMPRESSION.name(),
          "'" + compression + "' is no compression; use none or gzip");
    }
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(clock, "clock");
  }

  /** {@code insightflow.ingest.compression} as {@link #compression()} takes it: null for none. */
  static String compression(Map<String, String> settings) {
    String value = INGEST_COMPRESSION.value(settings);
    return value.equalsIgnoreCase("none") ? null : value.toLowerCase(java.util.Locale.ROOT);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options from configuration keys: {@code insightflow.source.*}, {@code insightflow.tables},
   * {@code insightflow.ingest.batchSize}, {@code .triggerTime}, {@code .template}, {@code .timeBudget}
   * (and {@code .fetchSize} and {@code .readers}, which the JDBC sources read).
   */
  public static IngestOptions fromProperties(Map<String, String> p) {
    long batch = INGEST_BATCH_SIZE.value(p);
    if (batch > Integer.MAX_VALUE) {
      throw new InsightflowConfigException(INGEST_BATCH_SIZE.name(), "must be at most " + Integer.MAX_VALUE
          + ", got " + batch);
    }
    String trigger = INGEST_TRIGGER_TIME.value(p);
    return builder().source(SourceConfig.fromProperties(p))
        .tables(TABLES.value(p).stream().map(TableName::parse).toList())
        .batchSize((int) batch)
        .triggerTime(trigger == null ? null : parseInstant(INGEST_TRIGGER_TIME.name(), trigger))
        .template(PartitionTemplate.of(INGEST_TEMPLATE.value(p)))
        .timeBudget(INGEST_TIME_BUDGET.value(p))
        .compression(compression(p)).build();
  }

  public Builder toBuilder() {
    return builder().source(source).tables(tables).batchSize(batchSize).triggerTime(triggerTime)
        .template(template).timeBudget(timeBudget).compression(compression).clock(clock);
  }

  /**
   * The run's timestamp: the configured trigger time, or else the clock's now.
   *
   * @throws InsightflowConfigException naming {@code insightflow.ingest.triggerTime} when the clock's
   *     now is no partition time ({@link PartitionTemplate#representable})
   */
  public Instant triggerTimeOrNow() {
    return triggerTime != null ? triggerTime : PartitionTemplate.requireRepresentable(
        INGEST_TRIGGER_TIME.name(), clock.instant());
  }

  /**
   * Parses an ISO-8601 instant such as {@code 2024-05-07T09:30:00Z} that is a partition time
   * ({@link PartitionTemplate#parseTime}).
   */
  public static Instant parseInstant(String key, String text) {
    return PartitionTemplate.parseTime(key, text);
  }

  /** Builder with the defaults of the keys; {@link #build()} validates. */
  public static final class Builder {
    private SourceConfig source;
    private List<TableName> tables = List.of();
    private int batchSize = INGEST_BATCH_SIZE.defaultValue().intValue();
    private Instant triggerTime;
    private PartitionTemplate template = PartitionTemplate.of(INGEST_TEMPLATE.defaultValue());
    private Duration timeBudget;
    private String compression;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder source(SourceConfig source) {
      this.source = source;
      return this;
    }

    /** Convenience: a source by URL alone, e.g. {@code jdbc:duckdb:warehouse.duckdb}. */
    public Builder source(String url) {
      return source(SourceConfig.of(url));
    }

    public Builder tables(List<TableName> tables) {
      this.tables = List.copyOf(tables);
      return this;
    }

    /** Convenience: table names as text, e.g. {@code "orders", "sales.products"}. */
    public Builder tables(String... tables) {
      return tables(Arrays.stream(tables).map(TableName::parse).toList());
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** The run's timestamp; null means the clock's now at run start. */
    public Builder triggerTime(Instant triggerTime) {
      this.triggerTime = triggerTime;
      return this;
    }

    public Builder template(PartitionTemplate template) {
      this.template = template;
      return this;
    }

    /** Stop between parts once this much time has gone; null for no limit. */
    public Builder timeBudget(Duration timeBudget) {
      this.timeBudget = timeBudget;
      return this;
    }

    /** Null (or {@code none}) for plain parts, or {@code gzip}. */
    public Builder compression(String compression) {
      this.compression = compression == null || compression.equalsIgnoreCase("none") ? null : compression;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public IngestOptions build() {
      return new IngestOptions(source, tables, batchSize, triggerTime, template, timeBudget, compression, clock);
    }
  }
}
