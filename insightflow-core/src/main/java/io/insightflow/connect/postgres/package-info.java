/**
 * PostgreSQL connectivity for the sync target: connection options (password, TLS, AWS RDS IAM
 * tokens), used by sync, by the {@code postgresql} sink and by the application layer.
 *
 * <p>The PostgreSQL flows themselves live where their machinery is:
 * <ul>
 *   <li>Writing to PostgreSQL (sync, and the sink {@code insightflow.ingest.sink=postgresql}):
 *       {@code io.insightflow.sync} ({@code PostgresSinkProvider}). The sink is sync's exactly-once
 *       load path (ledger, staging tables, checked {@code COPY}): its classes and the sink use each
 *       other, and they already depend on this package, so here the sink would make a package cycle.</li>
 *   <li>Reading PostgreSQL as a source: {@code io.insightflow.connect.jdbc} ({@code PostgresDialect}),
 *       like every JDBC database.</li>
 * </ul>
 */
package io.insightflow.connect.postgres;
