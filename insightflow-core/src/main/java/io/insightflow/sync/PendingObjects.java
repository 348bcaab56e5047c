package io.insightflow.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a sync (or its dry run) has to do after listing: the complete objects not loaded in their
 * current version, in lake order, those already loaded, and the problems the listing found.
 *
 * @param toLoad the objects to load, by partition time, then key
 * @param upToDate the objects whose current version is loaded (skipped)
 * @param problems what the listing could not use (incomplete or invalid runs), in listing order
 */
record PendingObjects(List<LakeObject> toLoad, List<LakeObject> upToDate, List<ObjectFailure> problems) {

  /**
   * Sorts the complete objects of {@code scans} by {@code loaded} (object key → version loaded),
   * unless {@code options} {@linkplain #reloads reload} them all.
   */
  static PendingObjects select(List<LakeScanner.Scan> scans, Map<String, String> loaded, SyncOptions options) {
    boolean force = reloads(options);
    List<LakeObject> toLoad = new ArrayList<>();
    List<LakeObject> upToDate = new ArrayList<>();
    List<ObjectFailure> problems = new ArrayList<>();
    for (LakeScanner.Scan scan : scans) {
      problems.addAll(scan.problems);
      for (LakeObject o : scan.complete) {
        if (!force && Objects.equals(loaded.get(o.key()), o.version())) {
          upToDate.add(o);
        } else {
          toLoad.add(o);
        }
      }
    }
    toLoad.sort(Comparator.comparing(LakeObject::partitionTime).thenComparing(LakeObject::key));
    return new PendingObjects(toLoad, upToDate, problems);
  }

  /** Whether a sync with {@code options} loads again objects already loaded and unchanged. */
  static boolean reloads(SyncOptions options) {
    return options.reload() && options.mode() != SyncMode.INCREMENTAL;
  }
}
