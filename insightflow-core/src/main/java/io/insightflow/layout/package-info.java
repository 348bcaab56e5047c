/**
 * The lake layout: partition folders ({@link io.insightflow.layout.PartitionTemplate}),
 * deterministic part names and the run manifest written last into each folder.
 */
package io.insightflow.layout;
