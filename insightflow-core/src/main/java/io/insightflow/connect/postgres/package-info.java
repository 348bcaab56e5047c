/**
 * PostgreSQL connectivity for the sync target: connection options (password, TLS, AWS RDS IAM
 * tokens).
 *
 * <p>Looking for the PostgreSQL sink ({@code insightflow.ingest.sink=postgresql})? It is
 * {@code io.insightflow.sync.PostgresSinkProvider}: the sink is the sync's exactly-once load path
 * (ledger, staging tables, checked {@code COPY}), whose classes it shares and which already depend on
 * this package, so it lives in {@code io.insightflow.sync}; here it would make a package cycle.
 */
package io.insightflow.connect.postgres;
