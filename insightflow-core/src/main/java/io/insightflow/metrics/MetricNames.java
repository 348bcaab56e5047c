package io.insightflow.metrics;

import io.insightflow.api.Evolving;

/**
 * The names of insightflow's metrics and their dimensions, one contract for CloudWatch (EMF), the
 * Micrometer binding, the Maven goals' summaries and the Terraform alarms. Units are in
 * {@link MetricUnit}; which values a run gives is in {@link Measurements}.
 */
@Evolving
public final class MetricNames {

  /** The CloudWatch namespace of every metric. */
  public static final String NAMESPACE = "insightflow";

  /** Dimension: the Lambda function's name (the Java API has none, or a tag of the caller's). */
  public static final String FUNCTION = "function";
  /** Dimension (Micrometer tag): the target or lake table of a per-table value. */
  public static final String TABLE = "table";

  /** Rows loaded into PostgreSQL (sync) or written to the lake (ingest, consume); Count. */
  public static final String ROWS_LOADED = "insightflow.rows.loaded";
  /** Bytes of the objects loaded (sync) or written (ingest); Bytes. */
  public static final String BYTES_LOADED = "insightflow.bytes.loaded";
  /** Objects loaded (sync) or written (ingest parts, consume objects); Count. */
  public static final String OBJECTS_LOADED = "insightflow.objects.loaded";
  /** Objects that failed (sync), or stream batches that could not be written (consume); Count. */
  public static final String OBJECTS_FAILED = "insightflow.objects.failed";
  /** Objects a deadline left for the next sync; Count. */
  public static final String OBJECTS_REMAINING = "insightflow.objects.remaining";
  /** Rows written to rejects (sync) or records to the error prefix (stream); Count. */
  public static final String ROWS_REJECTED = "insightflow.rows.rejected";
  /** Wall time of the run or invocation; Milliseconds. */
  public static final String DURATION = "insightflow.duration";
  /** 1 for the first invocation of a Lambda container, else 0; Count. */
  public static final String COLDSTART = "insightflow.coldstart";
  /** How far a table's newest loaded partition is behind now; Seconds, per table. */
  public static final String FRESHNESS_LAG = "insightflow.freshness.lag";
  /** Divergences a verify found between lake and target; Count. */
  public static final String VERIFY_MISMATCHES = "insightflow.verify.mismatches";

  private MetricNames() {}
}
