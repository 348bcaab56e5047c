package io.insightflow.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightflow.api.Printable;
import io.insightflow.app.SyncCall;
import io.insightflow.app.SyncService;
import io.insightflow.layout.RunManifest;
import io.insightflow.sync.SyncMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Maps a {@link SyncTrigger} onto one {@link SyncCall}: an S3 notification onto the runs of the
 * notified manifests, a Step Functions task onto mode, window and tables, a schedule onto the
 * configured sync.
 */
final class SyncCalls {

  static final String NO_MANIFEST = "no run manifest among the notified objects";

  private SyncCalls() {}

  /**
   * The call of a trigger, or empty when it asks for nothing ({@link #NO_MANIFEST} for notified
   * objects none of which is a run manifest).
   *
   * @throws InvalidEventException for objects outside the lake, or a window without the window mode
   */
  static Optional<SyncCall> of(SyncTrigger trigger, SyncService sync, Instant deadline) {
    if (trigger instanceof SyncTrigger.Nothing) {
      return Optional.empty();
    }
    List<String> runs = trigger instanceof SyncTrigger.NewObjects objects ? manifests(objects, sync) : List.of();
    if (trigger instanceof SyncTrigger.NewObjects && runs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(builder(trigger, sync).runs(runs).deadline(deadline).build());
  }

  /** Why a trigger whose {@link #of call} is empty asks for nothing. */
  static String nothing(SyncTrigger trigger) {
    return trigger instanceof SyncTrigger.Nothing nothing ? nothing.reason() : NO_MANIFEST;
  }

  /**
   * Maps each trigger shape and warms up the sync's clients, so that their classes are loaded at
   * init (and before a SnapStart snapshot) instead of in the first invocation's deadline.
   */
  static void prime(ObjectMapper mapper, SyncService sync) {
    for (String event : List.of("{\"mode\":\"incremental\",\"tables\":[\"t\"]}",
        "{\"detail-type\":\"Scheduled Event\",\"time\":\"2024-01-01T00:00:00Z\"}",
        "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectRemoved:Delete\"}]}")) {
      SyncTrigger.parse(event.getBytes(StandardCharsets.UTF_8), mapper);
    }
    sync.warmUp();
  }

  private static SyncCall.Builder builder(SyncTrigger trigger, SyncService sync) {
    if (trigger instanceof SyncTrigger.Task task) {
      SyncMode mode = task.mode() != null ? SyncMode.parse(task.mode()) : sync.configured().mode();
      if ((task.start() != null || task.end() != null) && mode != SyncMode.WINDOW) {
        throw new InvalidEventException("'start' and 'end' apply to mode window only, but this sync's mode is "
            + mode.name().toLowerCase(Locale.ROOT) + "; add \"mode\": \"window\" to the input");
      }
      return SyncCall.builder().mode(mode).window(task.start(), task.end()).tables(task.tables());
    }
    return SyncCall.builder();
  }

  /**
   * The lake keys of the notified manifests; other objects of the lake are ignored (data parts,
   * checkpoints), objects outside it refused.
   */
  private static List<String> manifests(SyncTrigger.NewObjects objects, SyncService sync) {
    List<String> manifests = new ArrayList<>();
    for (SyncTrigger.S3Object o : objects.objects()) {
      String key = sync.lakeKey(o.bucket(), o.key()).orElseThrow(() -> new InvalidEventException("The S3 event names"
          + " s3://" + Printable.of(o.bucket() + "/" + o.key()) + ", which is outside the lake " + sync.describeLake()
          + "; point the notification at the lake's prefix (suffix .json under its data/ folders)"));
      if (RunManifest.isManifestKey(key)) {
        manifests.add(key);
      }
    }
    return manifests;
  }
}
