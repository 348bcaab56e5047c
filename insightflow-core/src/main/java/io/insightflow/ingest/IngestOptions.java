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
import io.insightflow.config.OptionsBuilder;
import io.insightflow.layout.Naming;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.spi.Connectors;
import io.insightflow.spi.SourceConfig;
import io.insightflow.spi.TableName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one batch ingest run does. Immutable; build with {@link #builder()} or {@link #fromProperties},
 * which read the keys (each checked by its own rule); the source's credentials and the clock are set
 * with {@link #withSource} and {@link #withClock}.
 *
 * <pre>{@code
 * IngestOptions options = IngestOptions.builder().set(SOURCE_URL, "jdbc:duckdb:warehouse.duckdb")
 *     .set(TABLES, List.of("orders", "products")).set(INGEST_BATCH_SIZE, 500_000L).build();
 * }</pre>
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
 * @param naming how source names become the lake's and PostgreSQL's ({@code insightflow.naming}) [#22]
 */
@Evolving
public record IngestOptions(SourceConfig source, List<TableName> tables, int batchSize, Instant triggerTime,
    PartitionTemplate template, Duration timeBudget, String compression, Clock clock, Naming naming) {

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
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(clock, "clock");
    naming = naming == null ? Naming.KEEP : naming;
  }

  /** {@code insightflow.ingest.compression} as {@link #compression()} takes it: null for none. */
  static String compression(Map<String, String> settings) {
    String value = INGEST_COMPRESSION.value(settings);
    return value.equalsIgnoreCase("none") ? null : value.toLowerCase(java.util.Locale.ROOT);
  }

  /** A builder of options from the keys ({@link #fromProperties}); unset keys keep their defaults. */
  public static OptionsBuilder<IngestOptions> builder() {
    return new OptionsBuilder<>(IngestOptions::fromProperties);
  }

  /**
   * Options from configuration keys: {@code insightflow.source.*}, {@code insightflow.tables},
   * {@code insightflow.ingest.batchSize}, {@code .triggerTime}, {@code .template}, {@code .timeBudget}
   * (and {@code .fetchSize} and {@code .readers}, which the JDBC sources read); the system clock.
   */
  public static IngestOptions fromProperties(Map<String, String> p) {
    String trigger = INGEST_TRIGGER_TIME.value(p);
    return new IngestOptions(SourceConfig.fromProperties(p), TABLES.value(p).stream().map(TableName::parse).toList(),
        INGEST_BATCH_SIZE.value(p).intValue(), trigger == null ? null : parseInstant(INGEST_TRIGGER_TIME.name(), trigger),
        PartitionTemplate.of(INGEST_TEMPLATE.value(p)), INGEST_TIME_BUDGET.value(p), compression(p), Clock.systemUTC(),
        Naming.fromProperties(p));
  }

  /** These options reading this source (a URL with credentials, say). */
  public IngestOptions withSource(SourceConfig source) {
    return new IngestOptions(source, tables, batchSize, triggerTime, template, timeBudget, compression, clock, naming);
  }

  /** These options taking "now" from this clock. */
  public IngestOptions withClock(Clock clock) {
    return new IngestOptions(source, tables, batchSize, triggerTime, template, timeBudget, compression, clock, naming);
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
}
