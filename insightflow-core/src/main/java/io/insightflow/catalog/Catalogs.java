package io.insightflow.catalog;

import io.insightflow.api.Internal;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.internal.lake.MetadataObjects;
import io.insightflow.internal.ObjectKeys;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.ObjectStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens the configured catalog, if any, and registers runs in it. Kept apart from
 * {@link GlueCatalog} so that a class path without the optional Glue client never loads it: a
 * configured catalog then fails with the Maven coordinates to add.
 */
@Internal
public final class Catalogs {

  private Catalogs() {}

  /**
   * The catalog of {@code insightflow.catalog.glue.*}, or empty when none is configured.
   *
   * @param lakeLocation the lake's root as readers address it, e.g. {@code s3://bucket/prefix}
   * @throws InsightflowConfigException naming {@code insightflow.catalog.glue.database} when the Glue
   *     client is not on the class path
   */
  public static Optional<GlueCatalog> open(Map<String, String> settings, String lakeLocation) {
    if (InsightflowProperties.CATALOG_GLUE_DATABASE.value(settings) == null) {
      return Optional.empty();
    }
    try {
      Class.forName("software.amazon.awssdk.services.glue.GlueClient", false, Catalogs.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new InsightflowConfigException(InsightflowProperties.CATALOG_GLUE_DATABASE.name(),
          "Glue registration needs the AWS SDK's Glue client: add the dependency software.amazon.awssdk:glue", e);
    }
    return Optional.of(GlueCatalog.fromProperties(settings, lakeLocation));
  }

  /**
   * Registers the run whose manifest is {@code manifestKey}, reading the manifest from the lake.
   *
   * @param template the layout the run's folder follows
   */
  public static void register(GlueCatalog catalog, ObjectStore lake, String manifestKey, PartitionTemplate template) {
    catalog.register(ObjectKeys.parent(manifestKey),
        RunManifest.fromJson(manifestKey, MetadataObjects.read(lake, manifestKey, "run manifest")), template);
  }

  /**
   * Registers every complete run of the lake under these layouts, for a catalog that is new or
   * missed runs. Lists each layout's root once.
   *
   * @return the manifests registered
   */
  public static long registerAll(GlueCatalog catalog, ObjectStore lake, List<PartitionTemplate> templates) {
    long registered = 0;
    for (PartitionTemplate template : templates) {
      String root = template.tablePrefix("\u0000");
      root = root.substring(0, root.indexOf('\u0000'));
      List<String> manifests;
      try (var listing = lake.list(root)) {
        manifests = listing.map(o -> o.key()).filter(RunManifest::isManifestKey)
            .filter(k -> template.parse(k).map(p -> p.folder().equals(ObjectKeys.parent(k))).orElse(false))
            .toList();
      }
      for (String key : manifests) {
        register(catalog, lake, key, template);
        registered++;
      }
    }
    return registered;
  }
}
