/**
 * Metrics: the figures of a run under one set of names ({@link io.insightflow.metrics.MetricNames}),
 * the same in every runtime. {@link io.insightflow.metrics.Measurements} makes them from a sync,
 * ingest or consume result (and from freshness lags and a verify's mismatch count); the Lambda
 * handlers write them as CloudWatch Embedded Metric Format in their invocation line, the Maven goals
 * print them, and {@link io.insightflow.metrics.MicrometerMetrics} records them into a Micrometer
 * {@code MeterRegistry} for a service that embeds insightflow. Micrometer is an optional dependency:
 * only {@code MicrometerMetrics} refers to it, so nothing else loads it.
 */
package io.insightflow.metrics;
