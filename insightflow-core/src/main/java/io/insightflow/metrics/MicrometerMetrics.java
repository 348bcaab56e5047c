package io.insightflow.metrics;

import io.insightflow.api.Evolving;
import io.insightflow.ingest.IngestResult;
import io.insightflow.sync.SyncResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Records runs into a Micrometer {@link MeterRegistry} under {@link MetricNames}: counts and bytes
 * as counters (each run adds to them), {@link MetricNames#DURATION} as a timer, and the state values
 * {@link MetricNames#OBJECTS_REMAINING} and {@link MetricNames#FRESHNESS_LAG} as gauges holding the
 * last run's value. A name with per-table values is recorded per table, tagged
 * {@link MetricNames#TABLE} (the registry sums them), never also as a total, so each meter name has
 * one set of tag keys.
 *
 * <p>Micrometer ({@code io.micrometer:micrometer-core}) is an optional dependency of insightflow:
 * add it (a Spring Boot application has it) to use this class; no other class of insightflow refers
 * to it. Thread-safe.
 *
 * <pre>{@code
 * MicrometerMetrics metrics = new MicrometerMetrics(registry);
 * metrics.record(flow.sync());
 * }</pre>
 */
@Evolving
public final class MicrometerMetrics {

  private static final Set<String> GAUGES = Set.of(MetricNames.OBJECTS_REMAINING, MetricNames.FRESHNESS_LAG);

  private final MeterRegistry registry;
  private final Tags tags;
  private final Map<String, AtomicLong> gauges = new ConcurrentHashMap<>();

  /** Records into {@code registry} with no tags of the caller's. */
  public MicrometerMetrics(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /** Records into {@code registry}, every meter also tagged {@code tags} (e.g. {@code function}). */
  public MicrometerMetrics(MeterRegistry registry, Tags tags) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.tags = Objects.requireNonNull(tags, "tags");
  }

  /** Records a sync's figures. */
  public void record(SyncResult result) {
    record(Measurements.of(result));
  }

  /** Records an ingest's figures. */
  public void record(IngestResult result) {
    record(Measurements.of(result));
  }

  /** Records per-table freshness lags, in seconds, as gauges. */
  public void recordFreshness(Map<String, Duration> lags) {
    record(Measurements.empty().freshness(lags));
  }

  /** Records the divergences a verify found. */
  public void recordVerifyMismatches(long count) {
    record(Measurements.empty().verifyMismatches(count));
  }

  /** Records {@code measurements}: per-table values, and the totals of names without them. */
  public void record(Measurements measurements) {
    Set<String> perTable = measurements.byTable().values().stream().flatMap(List::stream)
        .map(Measurement::name).collect(Collectors.toSet());
    for (Measurement m : measurements.all()) {
      if (m.table() != null || !perTable.contains(m.name())) {
        record(m, m.table() == null ? tags : tags.and(MetricNames.TABLE, m.table()));
      }
    }
  }

  private void record(Measurement m, Tags meterTags) {
    if (m.name().equals(MetricNames.DURATION)) {
      registry.timer(m.name(), meterTags).record(Duration.ofMillis(m.value()));
    } else if (GAUGES.contains(m.name())) {
      // The registry holds a gauge's object weakly: this map keeps it, one per name and tags.
      AtomicLong value = gauges.computeIfAbsent(m.name() + meterTags, k -> {
        AtomicLong held = new AtomicLong();
        Gauge.builder(m.name(), held, AtomicLong::doubleValue).tags(meterTags).baseUnit(baseUnit(m.unit()))
            .register(registry);
        return held;
      });
      value.set(m.value());
    } else {
      Counter.builder(m.name()).tags(meterTags).baseUnit(baseUnit(m.unit())).register(registry).increment(m.value());
    }
  }

  /** Micrometer's base unit names ({@code BaseUnits}); none for a count. */
  private static String baseUnit(MetricUnit unit) {
    return switch (unit) {
      case BYTES -> "bytes";
      case SECONDS -> "seconds";
      case MILLISECONDS -> "milliseconds";
      case COUNT -> null;
    };
  }
}
