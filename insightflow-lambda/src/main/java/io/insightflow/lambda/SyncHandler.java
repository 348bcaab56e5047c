package io.insightflow.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.api.Printable;
import io.insightflow.connect.jdbc.JdbcDrivers;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.connect.s3.S3ObjectStore;
import io.insightflow.lake.ObjectInfo;
import io.insightflow.lake.ObjectStore;
import io.insightflow.spi.ObjectStores;
import io.insightflow.layout.RunManifest;
import io.insightflow.sync.LakeSync;
import io.insightflow.sync.SyncMode;
import io.insightflow.sync.SyncOptions;
import io.insightflow.sync.SyncResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync Lambda (lake → PostgreSQL), for three triggers ({@link SyncTrigger}):
 * <ul>
 *   <li>an S3 event notification of new {@code _manifest*.json} objects loads just those runs
 *       ({@link SyncOptions#runs()}); other keys of the lake are ignored, keys outside it are an
 *       error. If the deadline leaves objects of those runs, the invocation fails so that Lambda's
 *       asynchronous retry continues them;
 *   <li>an EventBridge schedule runs the configured sync ({@code insightflow.sync.mode}, default
 *       incremental);
 *   <li>a Step Functions task input {@code {"mode","start","end","tables"}} overrides those keys
 *       for one call; the result's {@code remaining} says how many objects the deadline left, so
 *       a state machine loops until it is 0.
 * </ul>
 * Every call stops taking objects at the invocation's remaining time minus
 * {@code insightflow.lambda.safetyMargin}, and answers with a {@link SyncResponse}. An object that
 * fails (bad row, …) fails the invocation after the others are committed, with each failure's key,
 * line and column in the error message.
 *
 * <p>Handler string: {@code io.insightflow.lambda.SyncHandler::handleRequest}. A stream handler
 * because one function takes three event shapes. The lake client, the target's credentials and the
 * base options are built once per container; PostgreSQL connections are opened per call by
 * {@link LakeSync} (it holds none between calls, so no dead socket survives a freeze or snapshot).
 */
public final class SyncHandler implements RequestStreamHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SyncHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Failures quoted in the error message; the rest are counted. */
  private static final int FAILURES_SHOWN = 10;

  private final ObjectStore lake;
  private final PostgresConnectionOptions target;
  private final LakeSync sync;
  private final SyncOptions base;
  private final Duration safetyMargin;
  private final Clock clock;
  private final Priming priming;

  /** The handler Lambda instantiates, once per container: configuration from the environment. */
  public SyncHandler() {
    this(LambdaConfig.fromEnvironment());
  }

  private SyncHandler(LambdaConfig config) {
    this(ObjectStores.open(config.settings()), register(config).target(), SyncOptions.fromProperties(config.settings()),
        config.safetyMargin(), Clock.systemUTC());
    priming.prime();
  }

  /** For tests: the collaborators, owned by the caller. */
  SyncHandler(ObjectStore lake, PostgresConnectionOptions target, SyncOptions base, Duration safetyMargin, Clock clock) {
    this.lake = Objects.requireNonNull(lake, "lake");
    this.target = Objects.requireNonNull(target, "target");
    this.sync = new LakeSync(target, clock);
    this.base = Objects.requireNonNull(base, "base");
    this.safetyMargin = Objects.requireNonNull(safetyMargin, "safetyMargin");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.priming = Priming.register(this::prime);
  }

  private static LambdaConfig register(LambdaConfig config) {
    JdbcDrivers.register(SyncHandler.class.getClassLoader());
    return config;
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
    InvocationLog.Invocation log = InvocationLog.start("sync", context);
    try {
      SyncTrigger trigger = SyncTrigger.parse(input.readAllBytes(), JSON);
      log.put("trigger", trigger.name());
      List<String> runs = trigger instanceof SyncTrigger.NewObjects objects ? manifests(objects) : List.of();
      SyncResponse response;
      if (trigger instanceof SyncTrigger.Nothing nothing) {
        response = SyncResponse.nothing(nothing.reason());
      } else if (trigger instanceof SyncTrigger.NewObjects && runs.isEmpty()) {
        response = SyncResponse.nothing("no run manifest among the notified objects");
      } else {
        response = run(trigger, options(trigger, runs, context), log);
      }
      JSON.writeValue(output, response);
      log.succeeded();
    } catch (RuntimeException | IOException e) {
      log.failed(e);
      throw e;
    }
  }

  private SyncResponse run(SyncTrigger trigger, SyncOptions options, InvocationLog.Invocation log) {
    SyncResult result = sync.sync(lake, options);
    SyncResponse response = SyncResponse.of(trigger.name(), options, result);
    log.put("mode", response.mode()).put("objectsLoaded", response.objectsLoaded())
        .put("rowsLoaded", response.rowsLoaded()).put("objectsSkipped", response.objectsSkipped())
        .put("objectsFailed", response.objectsFailed()).put("remaining", response.remaining())
        .put("syncMs", response.ms());
    if (!result.successful()) {
      throw new SyncFailedException(failureMessage(result));
    }
    if (trigger instanceof SyncTrigger.NewObjects && result.deadlineReached()) {
      throw new SyncFailedException("The deadline came with " + result.remaining().size() + " objects of the"
          + " notified runs left (first: " + result.remaining().get(0) + "); " + response.objectsLoaded()
          + " were loaded. Failing so that the retry of this event loads the rest; give the function more time"
          + " or lower insightflow.lambda.safetyMargin");
    }
    return response;
  }

  /** The options of one call: the configured ones, the trigger's selection, and the deadline. */
  private SyncOptions options(SyncTrigger trigger, List<String> runs, Context context) {
    SyncOptions.Builder options = base.toBuilder().deadline(Deadline.of(context, safetyMargin, clock)).runs(runs);
    if (trigger instanceof SyncTrigger.Task task) {
      SyncMode mode = task.mode() != null ? SyncMode.parse(task.mode()) : base.mode();
      options.mode(mode);
      if (mode != SyncMode.WINDOW) {
        options.window(null, null); // a configured window belongs to the configured window mode
      }
      if (task.start() != null || task.end() != null) {
        if (mode != SyncMode.WINDOW) {
          throw new InvalidEventException("'start' and 'end' apply to mode window only, but this sync's mode is "
              + mode.name().toLowerCase(java.util.Locale.ROOT) + "; add \"mode\": \"window\" to the input");
        }
        options.window(task.start(), task.end());
      }
      if (task.tables() != null) {
        options.tables(task.tables());
      }
    }
    return options.build();
  }

  /**
   * The lake keys of the notified manifests; other objects of the lake are ignored (data parts,
   * checkpoints), objects outside it refused.
   */
  private List<String> manifests(SyncTrigger.NewObjects objects) {
    if (!(lake instanceof S3ObjectStore s3)) {
      throw new InvalidEventException("An S3 event names objects, but the lake is " + lake.describe()
          + "; set INSIGHTFLOW_LAKE to the s3:// location the notification watches");
    }
    List<String> manifests = new ArrayList<>();
    for (SyncTrigger.S3Object o : objects.objects()) {
      String key = s3.lakeKey(o.bucket(), o.key()).orElseThrow(() -> new InvalidEventException("The S3 event names"
          + " s3://" + Printable.of(o.bucket() + "/" + o.key()) + ", which is outside the lake " + lake.describe()
          + "; point the notification at the lake's prefix (suffix .json under its data/ folders)"));
      if (RunManifest.isManifestKey(key)) {
        manifests.add(key);
      }
    }
    return manifests;
  }

  private static String failureMessage(SyncResult result) {
    StringBuilder message = new StringBuilder().append(result.failures().size()).append(" objects failed to load (")
        .append(result.objectsLoaded()).append(" loaded, committed):");
    result.failures().stream().limit(FAILURES_SHOWN).forEach(f -> message.append("\n- ").append(f.message()));
    if (result.failures().size() > FAILURES_SHOWN) {
      message.append("\n- and ").append(result.failures().size() - FAILURES_SHOWN).append(" more");
    }
    return message.toString();
  }

  /**
   * Walks the first steps of an invocation (event mapping of each trigger shape, a PostgreSQL
   * connection, a lake listing), so their classes are loaded and initialised at init (and before a
   * SnapStart snapshot) instead of eating into the first invocation's deadline. A failure here is
   * not fatal: the invocation that needs the resource reports it.
   */
  private void prime() {
    for (String event : List.of("{\"mode\":\"incremental\",\"tables\":[\"t\"]}",
        "{\"detail-type\":\"Scheduled Event\",\"time\":\"2024-01-01T00:00:00Z\"}",
        "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectRemoved:Delete\"}]}")) {
      SyncTrigger.parse(event.getBytes(StandardCharsets.UTF_8), JSON);
    }
    try (Connection c = target.connect(); Stream<ObjectInfo> listing = lake.list("data/")) {
      c.isValid(5);
      listing.findFirst();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Priming could not reach the target or the lake (the first invocation will): {}", e.toString());
    }
  }

}
