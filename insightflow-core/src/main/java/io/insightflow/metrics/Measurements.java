package io.insightflow.metrics;

import static io.insightflow.metrics.MetricNames.BYTES_LOADED;
import static io.insightflow.metrics.MetricNames.DURATION;
import static io.insightflow.metrics.MetricNames.FRESHNESS_LAG;
import static io.insightflow.metrics.MetricNames.OBJECTS_FAILED;
import static io.insightflow.metrics.MetricNames.OBJECTS_LOADED;
import static io.insightflow.metrics.MetricNames.OBJECTS_REMAINING;
import static io.insightflow.metrics.MetricNames.ROWS_LOADED;
import static io.insightflow.metrics.MetricNames.ROWS_REJECTED;
import static io.insightflow.metrics.MetricNames.VERIFY_MISMATCHES;
import static io.insightflow.metrics.MetricUnit.BYTES;
import static io.insightflow.metrics.MetricUnit.COUNT;
import static io.insightflow.metrics.MetricUnit.MILLISECONDS;
import static io.insightflow.metrics.MetricUnit.SECONDS;

import io.insightflow.api.Evolving;
import io.insightflow.api.Printable;
import io.insightflow.connect.kinesis.KinesisConsumer.ConsumeResult;
import io.insightflow.ingest.IngestResult;
import io.insightflow.stream.FirehoseResponse;
import io.insightflow.stream.StreamLakeWriter.Flushed;
import io.insightflow.stream.TransformResult.Status;
import io.insightflow.sync.SyncResult;
import io.insightflow.sync.TableFreshness;
import io.insightflow.sync.VerifyReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The figures of one run under {@link MetricNames}: values of the whole run (totals) and per-table
 * values. Immutable; {@link #with}, {@link #freshness} and {@link #verifyMismatches} return a new
 * instance. Made by the factories from a run's result; written as EMF by the Lambda handlers, printed
 * by the Maven goals ({@link #summary()}) and recorded by {@link MicrometerMetrics}.
 *
 * <pre>{@code
 * Measurements m = Measurements.of(flow.sync());
 * m.total(MetricNames.ROWS_LOADED);              // Optional[3000]
 * m.table(MetricNames.ROWS_LOADED, "orders");    // Optional[1000]
 * }</pre>
 */
@Evolving
public final class Measurements {

  private final List<Measurement> values;

  private Measurements(List<Measurement> values) {
    this.values = List.copyOf(values);
  }

  /** No values. */
  public static Measurements empty() {
    return new Measurements(List.of());
  }

  /**
   * A verify: its divergences ({@code verify.mismatches}), the objects whose last load failed
   * ({@code objects.failed}), and each table's freshness lag (its newest loaded partition behind now). [#23]
   */
  public static Measurements of(VerifyReport report) {
    Objects.requireNonNull(report, "report");
    return new Measurements(List.of(Measurement.total(OBJECTS_FAILED, COUNT, report.failed().size())))
        .verifyMismatches(report.divergences().size()).freshness(lags(report.tables().stream()
            .map(VerifyReport.TableCheck::freshness).toList()));
  }

  /** Each table's lag of its newest loaded partition behind now; tables with nothing loaded have none. */
  public static Map<String, Duration> lags(List<TableFreshness> freshness) {
    Map<String, Duration> lags = new TreeMap<>();
    freshness.stream().filter(f -> f.loadedLag() != null).forEach(f -> lags.put(f.table(), f.loadedLag()));
    return lags;
  }

  /**
   * A sync: rows, bytes and objects loaded, objects failed and remaining, rows rejected and the
   * duration in total, and the same counts per table.
   */
  public static Measurements of(SyncResult result) {
    Objects.requireNonNull(result, "result");
    List<Measurement> values = new ArrayList<>(List.of(
        Measurement.total(ROWS_LOADED, COUNT, result.rowsLoaded()),
        Measurement.total(BYTES_LOADED, BYTES, result.bytesLoaded()),
        Measurement.total(OBJECTS_LOADED, COUNT, result.objectsLoaded()),
        Measurement.total(OBJECTS_FAILED, COUNT, result.failures().size()),
        Measurement.total(OBJECTS_REMAINING, COUNT, result.remaining().size()),
        Measurement.total(ROWS_REJECTED, COUNT, result.rowsRejected()),
        Measurement.total(DURATION, MILLISECONDS, result.elapsed().toMillis())));
    for (SyncResult.TableResult t : result.tables()) {
      values.addAll(List.of(new Measurement(ROWS_LOADED, COUNT, t.rowsLoaded(), t.table()),
          new Measurement(BYTES_LOADED, BYTES, t.bytesLoaded(), t.table()),
          new Measurement(OBJECTS_LOADED, COUNT, t.objectsLoaded(), t.table()),
          new Measurement(OBJECTS_FAILED, COUNT, t.objectsFailed(), t.table()),
          new Measurement(OBJECTS_REMAINING, COUNT, t.objectsRemaining(), t.table()),
          new Measurement(ROWS_REJECTED, COUNT, t.rowsRejected(), t.table())));
    }
    return new Measurements(values);
  }

  /**
   * An ingest: rows, bytes and objects (parts) written and the duration (the tables' wall times
   * added) in total, and rows, bytes and objects per table.
   */
  public static Measurements of(IngestResult result) {
    Objects.requireNonNull(result, "result");
    long bytes = result.tables().stream().mapToLong(IngestResult.TableResult::bytes).sum();
    long parts = result.tables().stream().mapToLong(IngestResult.TableResult::parts).sum();
    long millis = result.tables().stream().mapToLong(t -> t.elapsed().toMillis()).sum();
    List<Measurement> values = new ArrayList<>(List.of(Measurement.total(ROWS_LOADED, COUNT, result.rows()),
        Measurement.total(BYTES_LOADED, BYTES, bytes), Measurement.total(OBJECTS_LOADED, COUNT, parts),
        Measurement.total(DURATION, MILLISECONDS, millis)));
    for (IngestResult.TableResult t : result.tables()) {
      values.addAll(List.of(new Measurement(ROWS_LOADED, COUNT, t.rows(), t.table()),
          new Measurement(BYTES_LOADED, BYTES, t.bytes(), t.table()),
          new Measurement(OBJECTS_LOADED, COUNT, t.parts(), t.table())));
    }
    return new Measurements(values);
  }

  /**
   * A consume run: rows and objects written to the lake, records sent to the error prefix (as rows
   * rejected) and the duration.
   */
  public static Measurements of(ConsumeResult result) {
    Objects.requireNonNull(result, "result");
    return new Measurements(List.of(Measurement.total(ROWS_LOADED, COUNT, result.rows()),
        Measurement.total(OBJECTS_LOADED, COUNT, result.objects()),
        Measurement.total(ROWS_REJECTED, COUNT, result.failed()),
        Measurement.total(DURATION, MILLISECONDS, result.elapsed().toMillis())));
  }

  /**
   * Stream batches written one object each: rows and objects written, records sent to the error
   * prefix (as rows rejected), and {@code batchesFailed} batches that could not be written (as
   * objects failed).
   */
  public static Measurements ofStream(List<Flushed> written, long batchesFailed) {
    return new Measurements(List.of(
        Measurement.total(ROWS_LOADED, COUNT, written.stream().mapToLong(Flushed::rows).sum()),
        Measurement.total(OBJECTS_LOADED, COUNT, written.size()),
        Measurement.total(OBJECTS_FAILED, COUNT, batchesFailed),
        Measurement.total(ROWS_REJECTED, COUNT, written.stream().mapToLong(Flushed::failed).sum())));
  }

  /** A Firehose transformation: records answered Ok (as rows loaded) and ProcessingFailed (as rows rejected). */
  public static Measurements of(FirehoseResponse response) {
    Objects.requireNonNull(response, "response");
    return new Measurements(List.of(Measurement.total(ROWS_LOADED, COUNT, response.count(Status.OK)),
        Measurement.total(ROWS_REJECTED, COUNT, response.count(Status.PROCESSING_FAILED))));
  }

  /** These values and {@code lags}: per table, how far its newest loaded partition is behind now, in seconds. */
  public Measurements freshness(Map<String, Duration> lags) {
    Measurements result = this;
    for (Map.Entry<String, Duration> lag : new TreeMap<>(lags).entrySet()) {
      result = result.with(new Measurement(FRESHNESS_LAG, SECONDS, lag.getValue().toSeconds(), lag.getKey()));
    }
    return result;
  }

  /** These values and the number of divergences a verify found. */
  public Measurements verifyMismatches(long count) {
    return with(Measurement.total(VERIFY_MISMATCHES, COUNT, count));
  }

  /** These values with {@code m}, which replaces a value of the same name and table. */
  public Measurements with(Measurement m) {
    List<Measurement> next = new ArrayList<>(values);
    next.removeIf(v -> v.name().equals(m.name()) && Objects.equals(v.table(), m.table()));
    next.add(m);
    return new Measurements(next);
  }

  /** Every value, totals first in the order made, then per table. */
  public List<Measurement> all() {
    return values;
  }

  /** The values of the whole run. */
  public List<Measurement> totals() {
    return values.stream().filter(v -> v.table() == null).toList();
  }

  /** The per-table values, by table in name order. */
  public Map<String, List<Measurement>> byTable() {
    return values.stream().filter(v -> v.table() != null)
        .collect(Collectors.groupingBy(Measurement::table, TreeMap::new, Collectors.toList()));
  }

  /** The total of {@code name}, if the run has one. */
  public Optional<Long> total(String name) {
    return find(name, null);
  }

  /** The value of {@code name} for {@code table}, if the run has one. */
  public Optional<Long> table(String name, String table) {
    return find(name, Objects.requireNonNull(table, "table"));
  }

  private Optional<Long> find(String name, String table) {
    return values.stream().filter(v -> v.name().equals(name) && Objects.equals(v.table(), table))
        .map(Measurement::value).findFirst();
  }

  /**
   * The values as the Maven goals print them: the totals on one line, then one line per table
   * (its name escaped), e.g. {@code insightflow.rows.loaded=3000 insightflow.duration=812}.
   */
  public String summary() {
    StringBuilder out = new StringBuilder(line(totals()));
    byTable().forEach((table, list) -> out.append("\n  table ").append(Printable.of(table)).append(": ")
        .append(line(list)));
    return out.toString();
  }

  private static String line(List<Measurement> list) {
    return list.stream().map(m -> m.name() + "=" + m.value()).collect(Collectors.joining(" "));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Measurements other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "Measurements" + values;
  }
}
