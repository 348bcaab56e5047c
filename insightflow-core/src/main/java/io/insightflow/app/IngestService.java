package io.insightflow.app;

import io.insightflow.api.Evolving;
import io.insightflow.config.ConfigType;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.ingest.BatchIngest;
import io.insightflow.ingest.IngestOptions;
import io.insightflow.ingest.IngestResult;
import io.insightflow.ingest.LakeSink;
import io.insightflow.spi.Connectors;
import io.insightflow.spi.Sink;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Batch ingest as a use case: warehouse tables into the sink of {@code insightflow.ingest.sink}
 * ({@link BatchIngest}), each committed lake run then registered in the Glue catalog when
 * {@code insightflow.catalog.glue.database} is set.
 *
 * <p>Opening builds the sink (for {@code lake}, its lake client) and the catalog client; they are
 * reused by every {@link #ingest} until {@link #close()}, so a Lambda container builds them once.
 * The source connection is opened per call. Thread-safe if the sink is.
 */
@Evolving
public final class IngestService implements AutoCloseable {

  private final Map<String, String> settings;
  private final Supplier<String> sourcePassword;
  private final Sink<?> sink;
  private final RunRegistration registration;

  private IngestService(Map<String, String> settings, Supplier<String> sourcePassword) {
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    this.sourcePassword = sourcePassword;
    if (settings.get(InsightflowProperties.TABLES.name()) != null) {
      options(IngestCall.configured()); // a configuration error fails the open, naming the key
    }
    this.sink = Connectors.sink(InsightflowProperties.INGEST_SINK.name(),
        InsightflowProperties.INGEST_SINK.value(settings), this.settings);
    this.registration = sink instanceof LakeSink lake ? RunRegistration.open(this.settings, lake.lake())
        : RunRegistration.none();
  }

  /**
   * Opens the service; obtain one from {@code Insightflow.openIngest()}, which resolves relative
   * paths first.
   *
   * @param settings every setting by key, relative paths resolved
   * @param sourcePassword the warehouse password, or null for {@code insightflow.source.password}
   * @throws io.insightflow.api.InsightflowConfigException naming the key at fault
   */
  public static IngestService open(Map<String, String> settings, Supplier<String> sourcePassword) {
    return new IngestService(Objects.requireNonNull(settings, "settings"), sourcePassword);
  }

  /**
   * Runs one ingest with the call's overrides.
   *
   * @throws io.insightflow.api.InsightflowConfigException for bad or missing settings, naming the key
   * @throws io.insightflow.api.SourceException when reading a table fails
   * @throws io.insightflow.api.LakeException when writing the lake fails
   */
  public IngestResult ingest(IngestCall call) {
    IngestOptions options = options(call);
    IngestResult result = new BatchIngest(sink).run(options);
    result.tables().forEach(t -> registration.register(t.manifestKey(), options.template()));
    return result;
  }

  /** The options of one call: the settings with the call's tables, time and deadline, and the password. */
  IngestOptions options(IngestCall call) {
    return options(settings, sourcePassword, call);
  }

  /**
   * The options of one call without a service (for a dry run, which opens no sink).
   *
   * @param settings every setting by key, relative paths resolved
   * @param sourcePassword the warehouse password, or null for {@code insightflow.source.password}
   * @throws io.insightflow.api.InsightflowConfigException naming the key at fault
   */
  public static IngestOptions options(Map<String, String> settings, Supplier<String> sourcePassword,
      IngestCall call) {
    Map<String, String> values = new LinkedHashMap<>(settings);
    if (call.tables() != null) {
      values.put(InsightflowProperties.TABLES.name(), String.join(",", call.tables()));
    }
    if (call.triggerTime() != null) {
      values.put(InsightflowProperties.INGEST_TRIGGER_TIME.name(), call.triggerTime().toString());
    }
    IngestOptions options = IngestOptions.fromProperties(values);
    if (call.deadline() != null) {
      Duration budget = Duration.between(options.clock().instant(), call.deadline());
      if (options.timeBudget() != null && options.timeBudget().compareTo(budget) < 0) {
        budget = options.timeBudget();
      }
      // A budget must be positive; with no time left the run stops before its first part.
      values.put(InsightflowProperties.INGEST_TIME_BUDGET.name(), ConfigType.DURATION.print(
          budget.toMillis() < 1 ? Duration.ofMillis(1) : budget));
      options = IngestOptions.fromProperties(values);
    }
    return sourcePassword == null ? options
        : options.withSource(options.source().withCredentials(options.source().user(), sourcePassword));
  }

  /** Closes the sink and the catalog client. */
  @Override
  public void close() {
    try (registration) {
      sink.close();
    }
  }
}
