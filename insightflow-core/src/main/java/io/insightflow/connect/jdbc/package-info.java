/**
 * Warehouses over JDBC: {@link io.insightflow.connect.jdbc.JdbcSource} with dialects that push the
 * export down where the warehouse can (DuckDB {@code COPY … TO}, PostgreSQL
 * {@code COPY (query) TO STDOUT}) and a portable streaming path for any other driver.
 */
package io.insightflow.connect.jdbc;
