/**
 * The raw lake as an object store: {@link io.insightflow.lake.ObjectStore} (atomic per-object
 * writes, ordered listing with start-after), the local-directory implementation, and
 * {@link io.insightflow.lake.ObjectStores} which opens a lake from {@code insightflow.lake}.
 */
package io.insightflow.lake;
