/**
 * Deterministic part names of the lake layout, shared by ingest and the JDBC connectors. Above
 * {@code io.insightflow.layout}, which it uses; internal: no compatibility promise.
 */
package io.insightflow.internal.layout;
