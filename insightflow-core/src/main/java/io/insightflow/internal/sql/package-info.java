/**
 * The allow-list grammar of PostgreSQL type names that sync and the Glue catalog parse types from
 * untrusted manifests with. Internal: no compatibility promise.
 */
package io.insightflow.internal.sql;
