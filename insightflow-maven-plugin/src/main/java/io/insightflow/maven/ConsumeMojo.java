package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.connect.kinesis.KinesisConsumer.ConsumeResult;
import io.insightflow.metrics.Measurements;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Consumes every shard of a Kinesis stream into the lake: transformed like Firehose's
 * transformation (malformed events go to {@code errors/processing-failed/}), buffered per shard,
 * written as CSV objects with a manifest each under {@code data/stream/<table>/…} and checkpointed
 * after each object, so {@code sync} loads them like batch data. Each shard resumes from its
 * checkpoint; a killed run loses nothing and duplicates nothing after sync. Without
 * {@code maxRecords} or {@code idleTimeout} it runs until the build is stopped.
 *
 * <pre>mvn insightflow:consume -Dinsightflow.stream.name=orders -Dinsightflow.consume.idleTimeout=30s</pre>
 */
@GoalKeys({"insightflow.lake", "insightflow.s3.", "insightflow.kinesis.", "insightflow.stream.",
    "insightflow.consume.", "insightflow.catalog."})
@Mojo(name = "consume", threadSafe = true, requiresProject = false)
public class ConsumeMojo extends ConsumeParameters {

  @Override
  protected String run(Insightflow flow) {
    ConsumeResult r = flow.consume();
    return "Consumed " + r.read() + " records from stream " + flow.get(InsightflowProperties.STREAM_NAME) + " into "
        + flow.lakeLocation() + ": rows=" + r.rows() + " dropped=" + r.dropped() + " failed=" + r.failed()
        + " objects=" + r.objects() + " shardsClosed=" + r.shardsClosed() + " stop=" + r.reason()
        + " ms=" + r.elapsed().toMillis() + "\nMetrics: " + Measurements.of(r).summary();
  }
}
