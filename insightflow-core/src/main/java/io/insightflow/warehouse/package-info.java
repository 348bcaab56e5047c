/**
 * The upstream load: putting CSV files (such as the generated Instacart tables) into a warehouse,
 * so that ingestion has something to read. DuckDB ({@link io.insightflow.warehouse.DuckDbWarehouseLoader})
 * and PostgreSQL ({@link io.insightflow.warehouse.PostgresWarehouseLoader}) load directly; for
 * Snowflake, {@link io.insightflow.warehouse.SnowflakeStageLoad} produces the PUT and COPY INTO
 * statements of the original pipeline.
 */
package io.insightflow.warehouse;
