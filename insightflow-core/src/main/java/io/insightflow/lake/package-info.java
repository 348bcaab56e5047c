/**
 * The raw lake as an object store: {@link io.insightflow.lake.ObjectStore} (atomic per-object
 * writes, ordered listing with start-after, reads pinned to the listed version that fail with
 * {@link io.insightflow.lake.ObjectChangedException} when the object changes), the local-directory
 * implementation, and {@link io.insightflow.lake.ObjectStores} which opens a lake from
 * {@code insightflow.lake}.
 */
package io.insightflow.lake;
