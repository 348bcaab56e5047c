/**
 * The types every package and every connector shares: the exception hierarchy rooted at
 * {@link io.insightflow.api.InsightflowException}, and {@link io.insightflow.api.Printable} and
 * {@link io.insightflow.api.Secrets} for text from data and secrets in messages, and the stability
 * annotations ({@link io.insightflow.api.Stable}, {@link io.insightflow.api.Evolving},
 * {@link io.insightflow.api.Internal}) that every public type of a public package carries. Depends on
 * nothing else in insightflow.
 *
 * <p>Package layering (bottom to top; ArchUnit {@code PackageCyclesTest} fails on any cycle):
 * {@code api} &lt; {@code config}, {@code sql} &lt; {@code internal} &lt; {@code layout} &lt;
 * {@code spi} (the connector and object-store contracts) &lt; {@code lake}, {@code connect.jdbc},
 * {@code connect.postgres}, {@code connect.s3}, {@code catalog}, {@code generate}, {@code stream} &lt; {@code connect.snowflake},
 * {@code connect.kinesis}, {@code ingest}, {@code sync} &lt; the facade {@code io.insightflow.Insightflow}.
 * {@code io.insightflow.internal.<area>} packages sit just above the packages they serve and are no
 * public API.
 */
package io.insightflow.api;
