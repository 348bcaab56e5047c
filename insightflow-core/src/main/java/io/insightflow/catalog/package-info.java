/**
 * Data catalogs that learn of new lake data as it is written: {@link io.insightflow.catalog.GlueCatalog}
 * registers tables and partitions in AWS Glue from the lake's own layout and manifests.
 */
package io.insightflow.catalog;
