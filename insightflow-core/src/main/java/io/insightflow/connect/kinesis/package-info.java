/**
 * Amazon Kinesis Data Streams connector [#5]: {@link io.insightflow.connect.kinesis.KinesisPublisher}
 * puts generated order events with {@code PutRecords}; {@link io.insightflow.connect.kinesis.KinesisConsumer}
 * reads every shard into the lake through a {@link io.insightflow.stream.RecordTransform}, exactly
 * once after sync; {@link io.insightflow.connect.kinesis.KinesisClientProvider} builds the one
 * {@code KinesisClient} a job injects into both.
 */
package io.insightflow.connect.kinesis;
