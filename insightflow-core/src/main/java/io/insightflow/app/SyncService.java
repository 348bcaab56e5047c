package io.insightflow.app;

import static io.insightflow.config.InsightflowProperties.SYNC_END;
import static io.insightflow.config.InsightflowProperties.SYNC_MODE;
import static io.insightflow.config.InsightflowProperties.SYNC_START;
import static io.insightflow.config.InsightflowProperties.TABLES;

import io.insightflow.api.Evolving;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.Printable;
import io.insightflow.api.Secrets;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.OptionsBuilder;
import io.insightflow.connect.postgres.PostgresConnectionOptions;
import io.insightflow.connect.s3.S3ObjectStore;
import io.insightflow.metrics.Measurements;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import io.insightflow.spi.ObjectStores;
import io.insightflow.sync.LakeSync;
import io.insightflow.sync.SyncMode;
import io.insightflow.sync.SyncOptions;
import io.insightflow.sync.SyncPlan;
import io.insightflow.sync.SyncResult;
import io.insightflow.sync.TableFreshness;
import io.insightflow.sync.TableStatus;
import io.insightflow.sync.VerifyReport;
import io.insightflow.api.InsightflowException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync as a use case: the lake into PostgreSQL ({@link LakeSync}) with {@code insightflow.target.*}
 * and {@code insightflow.sync.*}, and per call the overrides of a {@link SyncCall}.
 *
 * <p>Opening builds the lake client (unless one is given) and the target's credentials; they are
 * reused by every call until {@link #close()}. PostgreSQL connections are opened per call (none is
 * held between calls, so no dead socket survives a Lambda freeze or snapshot). Thread-safe.
 */
@Evolving
public final class SyncService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);

  private final ObjectStore lake;
  private final boolean ownsLake;
  private final PostgresConnectionOptions target;
  private final LakeSync sync;
  private final SyncOptions configured;
  private final Map<String, String> settings;

  private SyncService(Map<String, String> settings, Supplier<char[]> targetPassword, ObjectStore lake) {
    this.settings = new java.util.LinkedHashMap<>(settings);
    this.configured = SyncOptions.fromProperties(settings);
    PostgresConnectionOptions options = PostgresConnectionOptions.fromProperties(settings);
    this.target = targetPassword == null ? options : options.withPassword(targetPassword);
    this.sync = new LakeSync(target);
    this.ownsLake = lake == null;
    this.lake = lake != null ? lake : ObjectStores.open(settings);
  }

  /**
   * Opens the service; obtain one from {@code Insightflow.openSync()}, which resolves relative
   * paths first.
   *
   * @param settings every setting by key, relative paths resolved
   * @param targetPassword the PostgreSQL password, or null for {@code insightflow.target.*}
   * @param lake the lake, kept open by the caller; or null to open {@code insightflow.lake} (closed with this)
   * @throws InsightflowConfigException naming the key at fault
   */
  public static SyncService open(Map<String, String> settings, Supplier<char[]> targetPassword, ObjectStore lake) {
    return new SyncService(Objects.requireNonNull(settings, "settings"), targetPassword, lake);
  }

  /** The options configured by the settings, before any call's overrides. */
  public SyncOptions configured() {
    return configured;
  }

  /**
   * The options of one call: the configured ones with the call's overrides.
   *
   * @throws InsightflowConfigException for a window without the window mode, or overrides the
   *     configuration contradicts (naming its key)
   */
  public SyncOptions options(SyncCall call) {
    OptionsBuilder<SyncOptions> options = SyncOptions.builder().setAll(settings);
    SyncMode mode = call.mode() != null ? call.mode() : configured.mode();
    if (call.mode() != null) {
      options.set(SYNC_MODE, mode.name().toLowerCase(Locale.ROOT));
      if (mode != SyncMode.WINDOW) {
        options.set(SYNC_START, null).set(SYNC_END, null); // a configured window belongs to the configured window mode
      }
    }
    if (call.hasWindow()) {
      if (mode != SyncMode.WINDOW) {
        throw new InsightflowConfigException(SYNC_MODE.name(), "a window applies to mode window"
            + " only, but this sync's mode is " + mode.name().toLowerCase(Locale.ROOT));
      }
      options.set(SYNC_START, call.windowStart().toString()).set(SYNC_END, call.windowEnd().toString());
    }
    if (call.tables() != null) {
      options.set(TABLES, List.copyOf(call.tables()));
    }
    return options.build().withRuns(call.runs()).withDeadline(call.deadline());
  }

  /**
   * Syncs with the call's overrides. Objects that fail do not throw: they are listed in the result,
   * whose {@link SyncResult#successful()} is then false.
   *
   * @throws InsightflowConfigException for bad settings, naming the key
   * @throws io.insightflow.api.InsightflowException when PostgreSQL or the lake cannot be reached
   */
  public SyncResult sync(SyncCall call) {
    return sync.sync(lake, options(call));
  }

  /** Per table: objects in the lake, loaded, pending, failed ({@link LakeSync#status}). */
  public List<TableStatus> status() {
    return sync.status(lake, configured);
  }

  /**
   * How stale each table is ({@link LakeSync#freshness}): newest partition loaded, newest complete in
   * the lake, and their lag behind now. Lists the whole lake, as {@link #status()} does. [#23]
   */
  public List<TableFreshness> freshness() {
    return sync.freshness(lake, configured);
  }

  /**
   * How far each configured table's newest loaded partition is behind now, from the ledger alone
   * ({@link LakeSync#loadedLags}): what the freshness metric of every sync reports. [#23]
   */
  public Map<String, Duration> loadedLags() {
    return sync.loadedLags(configured);
  }

  /**
   * A sync's figures as metrics ({@link Measurements#of(SyncResult)}) with each table's freshness lag
   * ({@link #loadedLags()}): what every runtime reports after a sync. [#23]
   */
  public Measurements measurements(SyncResult result) {
    return Measurements.of(result).freshness(loadedLags());
  }

  /**
   * Reconciles the lake with the target ({@link LakeSync#verify}) and, when
   * {@code insightflow.verify.report} is set, writes the report's JSON there: to a local file for an
   * absolute path, else to that key of the lake. A report that is not {@linkplain
   * VerifyReport#consistent() consistent} does not throw; the caller decides (the goal and the
   * Lambda fail). [#23]
   *
   * @throws io.insightflow.api.InsightflowException when PostgreSQL or the lake cannot be reached, or
   *     the report cannot be written
   */
  public VerifyReport verify() {
    VerifyReport report = sync.verify(lake, configured);
    String location = InsightflowProperties.VERIFY_REPORT.value(settings);
    if (location != null && !location.isBlank()) {
      writeReport(location.trim(), report.toJson().getBytes(StandardCharsets.UTF_8));
    }
    LOG.info("verify schema={} tables={} consistent={} divergences={} failed={} notLoaded={}", report.schema(),
        report.tables().size(), report.consistent(), report.divergences().size(), report.failed().size(),
        report.notLoaded().size());
    return report;
  }

  private void writeReport(String location, byte[] json) {
    Path file = Path.of(location);
    if (!file.isAbsolute()) {
      lake.put(location, json);
      return;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, json);
    } catch (IOException e) {
      throw new InsightflowException("Cannot write the verify report to " + Printable.of(file) + " ("
          + InsightflowProperties.VERIFY_REPORT.name() + "): " + Printable.of(e.getMessage()), e);
    }
  }

  /** A dry run of the configured sync ({@link LakeSync#plan}): reads, writes nothing. */
  public SyncPlan plan() {
    return sync.plan(lake, configured);
  }

  /**
   * The lake key of an object that an S3 notification names, or empty when the object lies outside
   * the lake (another bucket, or a key not under its prefix).
   *
   * @throws InsightflowConfigException naming {@code insightflow.lake} when the lake is not on S3
   */
  public Optional<String> lakeKey(String bucket, String key) {
    if (!(lake instanceof S3ObjectStore s3)) {
      throw new InsightflowConfigException(InsightflowProperties.LAKE.name(), "An S3 event names objects, but the lake"
          + " is " + lake.describe() + "; set it to the s3:// location the notification watches");
    }
    return s3.lakeKey(bucket, key);
  }

  /** The lake's location, for messages. */
  public String describeLake() {
    return lake.describe();
  }

  /**
   * Opens one PostgreSQL connection and lists the lake, so that their classes are loaded before the
   * first call (Lambda init, SnapStart). A failure is only logged: the call that needs the resource
   * reports it.
   */
  public void warmUp() {
    try (Connection c = target.connect(); Stream<ObjectInfo> listing = lake.list("data/")) {
      c.isValid(5);
      listing.findFirst();
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Priming could not reach the target or the lake (the first invocation will): {}",
          Printable.of(Secrets.mask(e.toString())));
    }
  }

  /** Closes the lake if this service opened it. */
  @Override
  public void close() {
    if (ownsLake) {
      lake.close();
    }
  }
}
