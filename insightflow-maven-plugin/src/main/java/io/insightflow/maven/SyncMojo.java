package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.app.SyncCall;
import io.insightflow.app.SyncService;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.sync.ObjectFailure;
import io.insightflow.sync.SyncResult;
import java.util.stream.Collectors;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Sync: loads the complete runs of the lake into PostgreSQL, exactly once per object, over several
 * connections. An object that fails (a bad row) fails the build with its key, line and column;
 * nothing of that object is committed.
 *
 * <pre>mvn insightflow:sync -Dinsightflow.sync.mode=window -Dinsightflow.sync.start=2024-05-01T00:00:00Z -Dinsightflow.sync.end=2024-06-01T00:00:00Z</pre>
 */
@GoalKeys({"insightflow.lake", "insightflow.s3.", "insightflow.target.", "insightflow.sync.", "insightflow.catalog."})
@Mojo(name = "sync", threadSafe = true, requiresProject = false)
public class SyncMojo extends SyncParameters {

  @Override
  protected String run(Insightflow flow) throws MojoFailureException {
    SyncResult result;
    String metrics;
    try (SyncService service = flow.openSync()) {
      result = service.sync(SyncCall.configured());
      metrics = "Metrics: " + service.measurements(result).summary(); // with each table's freshness lag [#23]
    }
    if (!result.successful()) {
      metrics.lines().forEach(getLog()::info);
      throw new MojoFailureException("Sync failed for " + result.failures().size() + " objects ("
          + result.summary() + "): " + result.failures().stream().map(ObjectFailure::message)
          .collect(Collectors.joining("; ")));
    }
    return "Synced " + result.summary() + " into schema " + flow.get(InsightflowProperties.TARGET_SCHEMA) + "\n"
        + metrics;
  }
}
