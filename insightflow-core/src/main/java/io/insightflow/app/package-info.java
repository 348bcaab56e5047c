/**
 * The application layer: one use case per operation ({@link io.insightflow.app.IngestService},
 * {@link io.insightflow.app.SyncService}, {@link io.insightflow.app.StreamService}) that the Java
 * API ({@code io.insightflow.Insightflow}), the Maven goals and the Lambda handlers all call, with
 * per-call overrides ({@link io.insightflow.app.IngestCall}, {@link io.insightflow.app.SyncCall}).
 *
 * <p>A service owns the clients it opened (lake, sink, Glue catalog) until it is closed, so a
 * long-lived caller (a Lambda container) builds them once and a one-shot caller (a Maven goal)
 * opens and closes one per call. Obtain services from {@code Insightflow.openIngest()} and its
 * siblings; this package never depends on the facade.
 */
package io.insightflow.app;
