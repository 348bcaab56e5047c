package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.connect.kinesis.KinesisPublisher.PublishResult;
import java.util.Locale;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Publishes generated Instacart-shaped order events (JSON) to a Kinesis stream with
 * {@code PutRecords}, in batches within the Kinesis limits, retrying only the failed entries. The
 * same seed and index always give the same event, so {@code from} resumes a series.
 *
 * <pre>mvn insightflow:publish -Dinsightflow.stream.name=orders -Dinsightflow.publish.count=100000</pre>
 */
@GoalKeys({"insightflow.kinesis.", "insightflow.stream.", "insightflow.publish."})
@Mojo(name = "publish", threadSafe = true, requiresProject = false)
public class PublishMojo extends PublishParameters {

  @Override
  protected String run(Insightflow flow) {
    PublishResult r = flow.publish();
    return String.format(Locale.ROOT,
        "Published %d events to stream %s: batches=%d retriedEntries=%d ms=%d (%.0f events/s)", r.records(),
        flow.get(InsightflowProperties.STREAM_NAME), r.batches(), r.retriedEntries(), r.elapsed().toMillis(),
        r.recordsPerSecond());
  }
}
