/**
 * The raw lake as an object store: {@link io.insightflow.lake.ObjectStore} (atomic per-object
 * writes, ordered listing with start-after, reads pinned to the listed version that fail with
 * {@link io.insightflow.lake.ObjectChangedException} when the object changes), the local-directory
 * implementation, and {@link io.insightflow.lake.ObjectStoreProvider}, the SPI through which a jar
 * adds a store for a URI scheme ({@code META-INF/services/io.insightflow.lake.ObjectStoreProvider}).
 * {@link io.insightflow.spi.ObjectStores} opens a lake from {@code insightflow.lake}.
 */
package io.insightflow.lake;
