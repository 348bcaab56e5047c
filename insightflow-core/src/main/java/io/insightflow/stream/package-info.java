/**
 * The streaming arm of insightflow [#5]: Instacart-shaped order events, the Firehose
 * data-transformation contract ({@link io.insightflow.stream.FirehoseTransformer}), record
 * transforms with a local replay harness, and the lake side of stream consumption (CSV objects,
 * per-object manifests and durable shard checkpoints) that the sync loads like batch data.
 *
 * <p>The Kinesis specifics (publisher, consumer, client construction) live in
 * {@link io.insightflow.connect.kinesis}.
 */
package io.insightflow.stream;
