package io.insightflow.ingest;

import io.insightflow.InsightflowConfigException;
import io.insightflow.InsightflowProperties;
import io.insightflow.connect.jdbc.JdbcSourceOptions;
import io.insightflow.connect.jdbc.TableName;
import io.insightflow.layout.PartitionTemplate;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What one batch ingest run does. Immutable; build with {@link #builder()} or {@link #fromProperties}. */
public final class IngestOptions {

  private final JdbcSourceOptions source;
  private final List<TableName> tables;
  private final int batchSize;
  private final Instant triggerTime;
  private final PartitionTemplate template;
  private final Clock clock;

  private IngestOptions(Builder b) {
    this.source = b.source;
    this.tables = List.copyOf(b.tables);
    this.batchSize = b.batchSize;
    this.triggerTime = b.triggerTime;
    this.template = b.template;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options from configuration keys: {@code insightflow.source.*}, {@code insightflow.tables},
   * {@code insightflow.ingest.batchSize}, {@code .triggerTime}, {@code .template}, {@code .fetchSize}.
   */
  public static IngestOptions fromProperties(Map<String, String> p) {
    Builder b = builder().source(JdbcSourceOptions.fromProperties(p));
    String tables = p.get(InsightflowProperties.TABLES.name());
    if (tables != null) {
      b.tables(Arrays.stream(tables.split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .map(TableName::parse).toList());
    }
    String batch = p.get(InsightflowProperties.INGEST_BATCH_SIZE.name());
    if (batch != null) {
      b.batchSize(parseBatchSize(batch));
    }
    String trigger = p.get(InsightflowProperties.INGEST_TRIGGER_TIME.name());
    if (trigger != null && !trigger.isBlank()) {
      b.triggerTime(parseInstant(InsightflowProperties.INGEST_TRIGGER_TIME.name(), trigger));
    }
    String template = p.get(InsightflowProperties.INGEST_TEMPLATE.name());
    if (template != null) {
      b.template(PartitionTemplate.of(template));
    }
    return b.build();
  }

  public Builder toBuilder() {
    return builder().source(source).tables(tables).batchSize(batchSize).triggerTime(triggerTime)
        .template(template).clock(clock);
  }

  public JdbcSourceOptions source() {
    return source;
  }

  public List<TableName> tables() {
    return tables;
  }

  public int batchSize() {
    return batchSize;
  }

  /** The configured trigger time; empty means "now" at run start. */
  public Optional<Instant> triggerTime() {
    return Optional.ofNullable(triggerTime);
  }

  public PartitionTemplate template() {
    return template;
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IngestOptions other && source.equals(other.source) && tables.equals(other.tables)
        && batchSize == other.batchSize && Objects.equals(triggerTime, other.triggerTime)
        && template.equals(other.template) && clock.equals(other.clock);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, tables, batchSize, triggerTime, template, clock);
  }

  @Override
  public String toString() {
    return "IngestOptions[source=" + source + ", tables=" + tables + ", batchSize=" + batchSize
        + ", triggerTime=" + (triggerTime == null ? "now" : triggerTime) + ", template=" + template + "]";
  }

  /** Parses an ISO-8601 instant such as {@code 2024-05-07T09:30:00Z}. */
  public static Instant parseInstant(String key, String text) {
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new InsightflowConfigException(key, "'" + text
          + "' is not an ISO-8601 instant; use the form 2024-05-07T09:30:00Z", e);
    }
  }

  private static int parseBatchSize(String text) {
    try {
      return Integer.parseInt(text.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new InsightflowConfigException(InsightflowProperties.INGEST_BATCH_SIZE.name(),
          "'" + text + "' is not a whole number of rows", e);
    }
  }

  /** Builder; {@link #build()} validates and names the offending key. */
  public static final class Builder {
    private JdbcSourceOptions source;
    private List<TableName> tables = List.of();
    private int batchSize = 1_000_000;
    private Instant triggerTime;
    private PartitionTemplate template = PartitionTemplate.batch();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder source(JdbcSourceOptions source) {
      this.source = source;
      return this;
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
      this.template = Objects.requireNonNull(template, "template");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public IngestOptions build() {
      if (source == null) {
        throw new InsightflowConfigException(InsightflowProperties.SOURCE_URL.name(), "is required");
      }
      if (tables.isEmpty()) {
        throw new InsightflowConfigException(InsightflowProperties.TABLES.name(),
            "is required: name at least one table, e.g. insightflow.tables=orders,products");
      }
      if (batchSize <= 0) {
        throw new InsightflowConfigException(InsightflowProperties.INGEST_BATCH_SIZE.name(),
            "must be positive, got " + batchSize);
      }
      return new IngestOptions(this);
    }
  }
}
