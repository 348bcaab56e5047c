/**
 * The upstream load: putting CSV files (such as the generated Instacart tables) into a warehouse,
 * so that ingestion has something to read. DuckDB ({@link io.insightflow.internal.warehouse.DuckDbWarehouseLoader})
 * and PostgreSQL ({@link io.insightflow.internal.warehouse.PostgresWarehouseLoader}) load directly; for
 * Snowflake, {@link io.insightflow.internal.warehouse.SnowflakeStageLoad} produces the PUT and COPY INTO
 * statements of the original pipeline.
 *
 * <p>Internal: users reach it through {@code Insightflow}'s load methods; no compatibility promise.
 */
package io.insightflow.internal.warehouse;
