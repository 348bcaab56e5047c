/**
 * Helpers over the lake's {@code ObjectStore} (bounded reads of metadata objects) shared by ingest,
 * sync, stream and the catalog. Above {@code io.insightflow.lake}, which it uses; internal: no
 * compatibility promise.
 */
package io.insightflow.internal.lake;
