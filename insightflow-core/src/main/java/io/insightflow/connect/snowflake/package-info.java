/**
 * Snowflake: connection properties (password or key-pair authentication, bounded result
 * prefetch) and the generated {@code COPY INTO @stage} unload. No Snowflake is reachable from the
 * test environment, so the SQL and properties are unit-tested.
 */
package io.insightflow.connect.snowflake;
