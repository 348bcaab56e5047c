package io.insightflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.catalog.Catalogs;
import io.insightflow.catalog.GlueCatalog;
import io.insightflow.connect.jdbc.JdbcDrivers;
import io.insightflow.ingest.BatchIngest;
import io.insightflow.ingest.IngestOptions;
import io.insightflow.ingest.IngestResult;
import io.insightflow.lake.ObjectStore;
import io.insightflow.spi.ObjectStores;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The batch ingest Lambda (warehouse → lake), for an EventBridge schedule or a direct invocation
 * naming tables ({@link IngestTrigger}). The partition time is the event's time, so a retried
 * invocation rewrites the same objects. Each call gets {@code insightflow.ingest.timeBudget} = the
 * invocation's remaining time minus {@code insightflow.lambda.safetyMargin}: when it runs short,
 * core stops between parts; the next call with the same time continues from the first missing part,
 * and only the last writes the manifest.
 *
 * <p>What is left is reported by {@link IngestResponse#pendingTables()}. For a scheduled event the
 * invocation then fails instead, so that Lambda's asynchronous retry (the same event, the same
 * time) continues the run.
 *
 * <p>With {@code insightflow.catalog.glue.database} set, every committed table's run is registered in
 * that Glue database (not available in the Snowflake artifact).
 *
 * <p>Handler string: {@code io.insightflow.lambda.IngestHandler::handleRequest}. The lake and Glue
 * clients and the source's credentials are built once per container; the source connection is
 * opened per call.
 */
public final class IngestHandler implements RequestStreamHandler {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectStore lake;
  private final Optional<GlueCatalog> catalog;
  private final Map<String, String> settings;
  private final Secret sourcePassword;
  private final Duration safetyMargin;
  private final Clock clock;
  private final Priming priming;

  /** The handler Lambda instantiates, once per container: configuration from the environment. */
  public IngestHandler() {
    this(LambdaConfig.fromEnvironment());
  }

  private IngestHandler(LambdaConfig config) {
    this(ObjectStores.open(config.settings()), config.settings(), config.sourcePassword().orElse(null),
        config.safetyMargin(), Clock.systemUTC());
    if (config.get(InsightflowProperties.TABLES) != null) {
      IngestOptions.fromProperties(settings); // a configuration error fails the init, naming the key
    }
    priming.prime();
  }

  /**
   * For tests.
   *
   * @param lake the lake, owned by the caller
   * @param settings the {@code insightflow.*} settings (no password: that is {@code sourcePassword})
   * @param sourcePassword the warehouse password, or null
   */
  IngestHandler(ObjectStore lake, Map<String, String> settings, Secret sourcePassword, Duration safetyMargin,
      Clock clock) {
    JdbcDrivers.register(IngestHandler.class.getClassLoader());
    this.lake = Objects.requireNonNull(lake, "lake");
    this.settings = Map.copyOf(settings);
    this.catalog = Catalogs.open(this.settings, lake.describe());
    this.sourcePassword = sourcePassword;
    this.safetyMargin = Objects.requireNonNull(safetyMargin, "safetyMargin");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.priming = Priming.register(this::prime);
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    InvocationLog.Invocation log = InvocationLog.start("ingest", context);
    long start = System.nanoTime();
    try {
      IngestTrigger trigger = IngestTrigger.parse(input.readAllBytes(), JSON);
      log.put("trigger", trigger.scheduled() ? "schedule" : "direct");
      IngestOptions options = options(trigger, context);
      IngestResult result = new BatchIngest(lake).run(options);
      catalog.ifPresent(c -> result.tables().forEach(t -> Catalogs.register(c, lake, t.manifestKey(),
          options.template())));
      IngestResponse response = IngestResponse.of(result, (System.nanoTime() - start) / 1_000_000);
      log.put("triggerTime", response.triggerTime()).put("tables", response.tables().size())
          .put("rows", response.rows()).put("pendingTables", response.pendingTables().size());
      if (trigger.scheduled() && !result.complete()) {
        throw new IngestIncompleteException("The deadline came before " + String.join(", ", result.pendingTables())
            + " of the run at " + result.triggerTime() + " were written (" + result.rows() + " rows committed);"
            + " failing so that Lambda's retry of this event continues from the first missing part");
      }
      JSON.writeValue(output, response);
      log.succeeded();
    } catch (RuntimeException | IOException e) {
      log.failed(e);
      throw e;
    }
  }

  /** The configured options with the event's tables and time, the password and the deadline. */
  private IngestOptions options(IngestTrigger trigger, Context context) {
    Map<String, String> values = new LinkedHashMap<>(settings);
    if (trigger.tables() != null) {
      values.put(InsightflowProperties.TABLES.name(), String.join(",", trigger.tables()));
    }
    if (trigger.time() != null) {
      values.put(InsightflowProperties.INGEST_TRIGGER_TIME.name(), trigger.time().toString());
    }
    IngestOptions options = IngestOptions.fromProperties(values);
    IngestOptions.Builder builder = options.toBuilder();
    if (sourcePassword != null) {
      builder.source(options.source().withCredentials(options.source().user(), () -> new String(sourcePassword.chars())));
    }
    Duration budget = Deadline.budget(context, safetyMargin, clock);
    if (options.timeBudget() != null && options.timeBudget().compareTo(budget) < 0) {
      budget = options.timeBudget();
    }
    // A budget must be positive; with no time left the run stops before its first part.
    return builder.timeBudget(budget.isNegative() || budget.isZero() ? Duration.ofMillis(1) : budget).build();
  }

  /** Maps each event shape, so its classes are loaded at init and before a SnapStart snapshot. */
  private void prime() {
    for (String event : List.of("{\"tables\":[\"t\"],\"time\":\"2024-01-01T00:00:00Z\"}",
        "{\"detail-type\":\"Scheduled Event\",\"time\":\"2024-01-01T00:00:00Z\"}")) {
      IngestTrigger.parse(event.getBytes(StandardCharsets.UTF_8), JSON);
    }
  }
}
