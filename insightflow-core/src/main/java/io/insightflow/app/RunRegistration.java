package io.insightflow.app;

import io.insightflow.catalog.Catalogs;
import io.insightflow.catalog.GlueCatalog;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.spi.ObjectStore;
import java.util.Map;
import java.util.Optional;

/**
 * Registers each run a service writes in the catalog of {@code insightflow.catalog.glue.*}, when
 * one is configured; otherwise does nothing. Owns the catalog client until closed.
 */
final class RunRegistration implements AutoCloseable {

  private final ObjectStore lake;
  private final Optional<GlueCatalog> catalog;

  private RunRegistration(ObjectStore lake, Optional<GlueCatalog> catalog) {
    this.lake = lake;
    this.catalog = catalog;
  }

  /** The registration of runs written to {@code lake}, a no-op when no catalog is configured. */
  static RunRegistration open(Map<String, String> settings, ObjectStore lake) {
    return new RunRegistration(lake, Catalogs.open(settings, lake.describe()));
  }

  /** No registration: for sinks other than the lake. */
  static RunRegistration none() {
    return new RunRegistration(null, Optional.empty());
  }

  /** Registers the run whose manifest is {@code manifestKey}, laid out by {@code template}. */
  void register(String manifestKey, PartitionTemplate template) {
    if (catalog.isPresent()) {
      Catalogs.register(catalog.get(), lake, manifestKey, template);
    }
  }

  // No lambda or method reference to GlueCatalog here: linking one loads the Glue client's classes, which
  // are an optional dependency a user without a catalog does not have (NoClassDefFoundError).
  @Override
  public void close() {
    if (catalog.isPresent()) {
      catalog.get().close();
    }
  }
}
