/**
 * The local-directory lake, insightflow's embedded default: {@link io.insightflow.lake.LocalObjectStore}
 * (a plain path or a {@code file:} URI in {@code insightflow.lake}; writes go to a temporary file
 * renamed over the target, and no symbolic link is ever followed) and its provider. Both implement the
 * object-store SPI, {@link io.insightflow.spi.ObjectStore} and {@link io.insightflow.spi.ObjectStoreProvider},
 * as the S3 store in {@code io.insightflow.connect.s3} does; open a lake with
 * {@link io.insightflow.spi.ObjectStores} rather than with these classes.
 */
package io.insightflow.lake;
