package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.InsightflowProperties.Key;
import io.insightflow.sync.ObjectFailure;
import io.insightflow.sync.SyncResult;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Sync: loads the complete runs of the lake into PostgreSQL, exactly once per object, over several
 * connections. An object that fails (a bad row) fails the build with its key, line and column;
 * nothing of that object is committed.
 *
 * <pre>mvn insightflow:sync -Dinsightflow.sync.mode=window -Dinsightflow.sync.start=2024-05-01T00:00:00Z -Dinsightflow.sync.end=2024-06-01T00:00:00Z</pre>
 */
@Mojo(name = "sync", threadSafe = true, requiresProject = false)
public class SyncMojo extends AbstractTargetMojo {

  /** {@code incremental} (what is not loaded yet), {@code full} or {@code window} ({@code insightflow.sync.mode}). Default {@code incremental}. */
  @Parameter(property = "insightflow.sync.mode")
  private String syncMode;

  /**
   * Window start, inclusive, on the partition time ({@code insightflow.sync.start}), e.g.
   * {@code 2024-05-01T00:00:00Z}, from {@code 0001-01-01T00:00:00Z}. Mode {@code window} only.
   */
  @Parameter(property = "insightflow.sync.start")
  private String syncStart;

  /**
   * Window end, exclusive ({@code insightflow.sync.end}), an ISO-8601 instant up to
   * {@code 9999-12-31T23:59:59Z}. Mode {@code window} only.
   */
  @Parameter(property = "insightflow.sync.end")
  private String syncEnd;

  /** Parallel COPY connections ({@code insightflow.sync.threads}). Default: the number of processors. */
  @Parameter(property = "insightflow.sync.threads")
  private String syncThreads;

  /** What a bad row does ({@code insightflow.sync.onError}): {@code fail} the object, or {@code reject} the row. Default {@code fail}. */
  @Parameter(property = "insightflow.sync.onError")
  private String syncOnError;

  /**
   * Time budget ({@code insightflow.sync.timeBudget}), e.g. {@code 14m}: no object starts after it;
   * the result says what remains and the next sync continues.
   */
  @Parameter(property = "insightflow.sync.timeBudget")
  private String syncTimeBudget;

  /**
   * How far before the watermark incremental listing starts ({@code insightflow.sync.watermarkMargin}).
   * Default {@code 1h}.
   */
  @Parameter(property = "insightflow.sync.watermarkMargin")
  private String syncWatermarkMargin;

  /**
   * Reload objects already loaded with the same content ({@code insightflow.sync.reload}):
   * {@code true} or {@code false}, in mode {@code full} or {@code window} only. Default {@code false}.
   */
  @Parameter(property = "insightflow.sync.reload")
  private String syncReload;

  /**
   * How long the sync keeps retrying when PostgreSQL refuses or cuts its connections, as in a
   * restart or a failover, before the objects fail ({@code insightflow.sync.retryTimeout}), e.g.
   * {@code 2m}; {@code 0} disables retries. Default {@code 60s}.
   */
  @Parameter(property = "insightflow.sync.retryTimeout")
  private String syncRetryTimeout;

  /**
   * JSON-lines fields that are no column of the table ({@code insightflow.sync.unknownFields}):
   * {@code ignore} them, or {@code reject} (the object fails naming the field). Default {@code ignore}.
   */
  @Parameter(property = "insightflow.sync.unknownFields")
  private String syncUnknownFields;

  /**
   * Most bytes a compressed lake object may decode to per stored byte ({@code insightflow.sync.maxInflation});
   * an object beyond it fails as a compression bomb, nothing of it loaded. 1 MiB decoded always
   * passes. Default {@code 100}.
   */
  @Parameter(property = "insightflow.sync.maxInflation")
  private String syncMaxInflation;

  /**
   * Longest JSON line sync reads, in bytes ({@code insightflow.sync.maxLineBytes}); a longer line
   * fails its object. Default {@code 16777216} (16 MiB).
   */
  @Parameter(property = "insightflow.sync.maxLineBytes")
  private String syncMaxLineBytes;

  @Override
  protected void parameters(Map<Key, String> values) {
    super.parameters(values);
    values.put(InsightflowProperties.SYNC_MAX_INFLATION, syncMaxInflation);
    values.put(InsightflowProperties.SYNC_MAX_LINE_BYTES, syncMaxLineBytes);
    values.put(InsightflowProperties.SYNC_UNKNOWN_FIELDS, syncUnknownFields);
    values.put(InsightflowProperties.SYNC_MODE, syncMode);
    values.put(InsightflowProperties.SYNC_START, syncStart);
    values.put(InsightflowProperties.SYNC_END, syncEnd);
    values.put(InsightflowProperties.SYNC_THREADS, syncThreads);
    values.put(InsightflowProperties.SYNC_ON_ERROR, syncOnError);
    values.put(InsightflowProperties.SYNC_TIME_BUDGET, syncTimeBudget);
    values.put(InsightflowProperties.SYNC_WATERMARK_MARGIN, syncWatermarkMargin);
    values.put(InsightflowProperties.SYNC_RELOAD, syncReload);
    values.put(InsightflowProperties.SYNC_RETRY_TIMEOUT, syncRetryTimeout);
  }

  @Override
  protected String run(Insightflow flow) throws MojoFailureException {
    SyncResult result = flow.sync();
    if (!result.successful()) {
      throw new MojoFailureException("Sync failed for " + result.failures().size() + " objects ("
          + result.summary() + "): " + result.failures().stream().map(ObjectFailure::message)
          .collect(Collectors.joining("; ")));
    }
    return "Synced " + result.summary() + " into schema " + flow.get(InsightflowProperties.TARGET_SCHEMA);
  }
}
