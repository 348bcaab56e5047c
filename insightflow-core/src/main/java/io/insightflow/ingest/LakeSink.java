package io.insightflow.ingest;

import io.insightflow.api.Internal;
import io.insightflow.api.Printable;
import io.insightflow.internal.lake.MetadataObjects;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.api.LakeException;
import io.insightflow.internal.Json;
import io.insightflow.internal.ObjectKeys;
import io.insightflow.internal.layout.PartNames;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.spi.Checkpoint;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Committer;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.Sink;
import io.insightflow.spi.SinkWriter;
import io.insightflow.spi.WriteContext;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw lake as a sink: each table's run goes to its partition folder
 * ({@link PartitionTemplate#render}) as parts with deterministic names, and the
 * {@link RunManifest} written last by the committer makes the run visible (DESIGN.md, "Lake
 * layout"). Until then sync ignores the folder; a run that stopped early leaves a
 * {@code _progress.json} from which the next attempt of the same run continues.
 *
 * <p>Writing: a finished part is published in the background while the source produces the next
 * one (an S3 upload overlaps the warehouse export), with at most {@link #IN_FLIGHT} parts waiting,
 * so memory and temporary disk stay bounded.
 */
@Internal
public final class LakeSink implements Sink<LakeSink.Run> {

  /** Parts published at once per writer. */
  static final int IN_FLIGHT = 2;
  /** Progress of a run that stopped early; {@code _} hides it from Hive readers. */
  static final String PROGRESS = "_progress.json";

  private static final Logger LOG = LoggerFactory.getLogger(LakeSink.class);

  private final ObjectStore lake;
  private final PartitionTemplate template;
  private final String compression;
  private final boolean ownsLake;

  /** A sink of uncompressed parts; see {@link #LakeSink(ObjectStore, PartitionTemplate, String, boolean)}. */
  public LakeSink(ObjectStore lake, PartitionTemplate template, boolean ownsLake) {
    this(lake, template, null, ownsLake);
  }

  /**
   * @param lake the lake; closed with this sink only if {@code ownsLake}
   * @param template where each run's folder goes
   * @param compression null for plain {@code .csv} parts, or {@code gzip} for {@code .csv.gz} parts
   *     (compressed while publishing; the manifest's sizes and checksums are of the stored bytes)
   */
  public LakeSink(ObjectStore lake, PartitionTemplate template, String compression, boolean ownsLake) {
    this.lake = Objects.requireNonNull(lake, "lake");
    this.template = Objects.requireNonNull(template, "template");
    if (compression != null && !compression.equals(RunManifest.GZIP)) {
      throw new InsightflowConfigException(InsightflowProperties.INGEST_COMPRESSION.name(),
          "compression must be none or gzip: " + compression);
    }
    this.compression = compression;
    this.ownsLake = ownsLake;
  }

  /**
   * What a run's writer hands to the committer: the parts to list in the manifest.
   *
   * @param folder the run's partition folder
   * @param manifest the manifest the commit writes
   */
  public record Run(String folder, RunManifest manifest) {}

  @Override
  public Writer open(WriteContext context) {
    return new Writer(context);
  }

  @Override
  public io.insightflow.spi.Staging staging() {
    return lake::newStagingFile;
  }

  @Override
  public Committer<Run> committer() {
    return this::commit;
  }

  @Override
  public String describe() {
    return lake.describe();
  }

  /** The lake this sink writes. */
  public ObjectStore lake() {
    return lake;
  }

  @Override
  public void close() {
    if (ownsLake) {
      lake.close();
    }
  }

  /**
   * Publishes a run: deletes data objects of an earlier, longer run of the same folder that this
   * one did not rewrite, writes the manifest, then drops the progress record. Idempotent.
   */
  private void commit(Run run) {
    Set<String> keep = new HashSet<>();
    run.manifest().parts().forEach(p -> keep.add(p.key()));
    deleteDataObjects(run.folder(), keep);
    lake.put(RunManifest.keyIn(run.folder()), run.manifest().toJson());
    lake.delete(run.folder() + "/" + PROGRESS);
  }

  /** Deletes data objects directly in the folder except {@code keep}. */
  void deleteDataObjects(String folder, Set<String> keep) {
    List<String> stale;
    try (Stream<ObjectInfo> listing = lake.list(folder + "/")) {
      stale = listing.map(ObjectInfo::key)
          .filter(k -> !ObjectKeys.isMetadata(k) && !keep.contains(k) && ObjectKeys.parent(k).equals(folder))
          .toList();
    }
    stale.forEach(lake::delete);
  }

  /** A run that stopped early, as {@value #PROGRESS} records it. */
  record Progress(List<String> chunks, int batchSize, List<RunManifest.Part> parts, int chunk, long position) {}

  /** Writes one table's run; see {@link SinkWriter}. */
  public final class Writer implements SinkWriter<Run> {
    private final WriteContext context;
    private final String folder;
    private final ExecutorService uploader;
    private final Semaphore slots = new Semaphore(IN_FLIGHT);
    private final List<RunManifest.Part> restoredParts = new ArrayList<>();
    private final List<Future<RunManifest.Part>> pending = new ArrayList<>();
    /** Batches handed to the uploader and not published yet: their staging files go with a failed run. */
    private final Set<RecordBatch> unpublished = ConcurrentHashMap.newKeySet();
    private Checkpoint restored;
    private Checkpoint reached;
    private int parts;

    Writer(WriteContext context) {
      this.context = context;
      this.folder = template.render(context.table().name(), context.triggerTime());
      String manifestKey = RunManifest.keyIn(folder);
      Optional<Progress> progress = lake.stat(manifestKey).isPresent() ? Optional.empty() : readProgress();
      if (progress.isPresent()) {
        restoredParts.addAll(progress.get().parts());
        restored = new Checkpoint(progress.get().chunk(), new Position(progress.get().position()));
        LOG.info("table={} resumes at {} with {} parts written", context.table(), restored, restoredParts.size());
      } else {
        // Readers must never see a mix of two runs: the old manifest goes before any part is replaced.
        lake.delete(manifestKey);
        lake.delete(folder + "/" + PROGRESS);
      }
      parts = restoredParts.size();
      reached = restored;
      this.uploader = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
        Thread t = new Thread(r, "insightflow-publish-" + context.table().name());
        t.setDaemon(true);
        return t;
      });
    }

    /** The run's partition folder. */
    public String folder() {
      return folder;
    }

    @Override
    public Optional<Checkpoint> restored() {
      return Optional.ofNullable(restored);
    }

    @Override
    public void write(Chunk chunk, RecordBatch batch) {
      String key = folder + "/" + PartNames.csvPart(context.table().name(), ++parts, compression);
      slots.acquireUninterruptibly();
      reached = new Checkpoint(chunk.index(), batch.end());
      unpublished.add(batch);
      pending.add(uploader.submit(() -> {
        try {
          return publish(key, batch);
        } finally {
          slots.release();
        }
      }));
    }

    private RunManifest.Part publish(String key, RecordBatch batch) throws IOException {
      Path file = batch.data().file().orElse(null);
      List<Path> made = new ArrayList<>(); // staging files of this method, deleted if it fails
      try {
        if (file == null) {
          file = lake.newStagingFile();
          made.add(file);
          try (InputStream in = batch.data().open()) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
          batch.data().discard();
        }
        String crc = batch.crc32c();
        if (compression != null) {
          Path plain = file;
          file = lake.newStagingFile();
          made.add(file);
          crc = gzip(plain, file);
          Files.delete(plain);
        }
        long bytes = Files.size(file);
        crc = crc != null ? crc : crc32c(file);
        ObjectInfo published = lake.put(key, file);
        unpublished.remove(batch);
        if (published.size() != bytes) {
          throw new LakeException(key, "Published size " + published.size() + " differs from the " + bytes + " bytes written");
        }
        return new RunManifest.Part(key, batch.rows(), bytes, crc);
      } catch (IOException | RuntimeException e) {
        for (Path f : made) {
          Files.deleteIfExists(f);
        }
        throw e;
      }
    }

    @Override
    public Checkpoint checkpoint() {
      List<RunManifest.Part> all = await();
      Checkpoint at = reached == null ? new Checkpoint(0, Position.START) : reached;
      Progress progress = new Progress(context.chunks().stream().map(Chunk::toString).toList(),
          batchSize(), all, at.chunk(), at.position().rows());
      try {
        lake.put(folder + "/" + PROGRESS, Json.MAPPER.writeValueAsBytes(progress));
      } catch (IOException e) {
        throw new LakeException(folder + "/" + PROGRESS, "Cannot record the run's progress", e);
      }
      return at;
    }

    @Override
    public Run prepareCommit() {
      List<RunManifest.Part> all = await();
      long rows = all.stream().mapToLong(RunManifest.Part::rows).sum();
      RunManifest manifest = new RunManifest(RunManifest.VERSION, UUID.randomUUID().toString(),
          context.table().name(), context.triggerTime(), "csv", context.source(), context.query(),
          context.columns(), all, rows, Instant.now(), compression, context.keys())
          .withNaming(context.sourceTable().equals(context.table().name()) ? null : context.sourceTable(),
              context.naming().value());
      return new Run(folder, manifest);
    }

    /** Waits for every part to be published and returns all of the run's parts, in order. */
    private List<RunManifest.Part> await() {
      List<RunManifest.Part> done = new ArrayList<>(restoredParts);
      for (Future<RunManifest.Part> part : pending) {
        try {
          done.add(part.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new LakeException(folder, "Interrupted while publishing parts", e);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new LakeException(folder, "Publishing a part failed: " + e.getCause(), e.getCause());
        }
      }
      return done;
    }

    /**
     * Stops the upload threads; after a failure, pending uploads are abandoned and their staging
     * files deleted, so a failed run leaves nothing in the lake's {@code _staging}.
     */
    @Override
    public void close() {
      uploader.shutdownNow();
      try {
        uploader.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (RecordBatch batch : unpublished) {
        try {
          batch.data().discard();
        } catch (RuntimeException e) {
          LOG.warn("Cannot delete the staging file of {}: {}", batch.data(), e.toString());
        }
      }
    }

    private int batchSize() {
      return context.chunks().isEmpty() ? 0 : context.chunks().get(0).batchSize();
    }

    /** The progress of an earlier attempt of this very run (same plan), if one stopped early. */
    private Optional<Progress> readProgress() {
      String key = folder + "/" + PROGRESS;
      if (lake.stat(key).isEmpty()) {
        return Optional.empty();
      }
      Progress progress;
      try {
        progress = Json.MAPPER.readValue(MetadataObjects.read(lake, key, "run progress"), Progress.class);
      } catch (IOException e) {
        LOG.warn("Ignoring unreadable {}: {}; the run starts over", key, Json.problem(e));
        return Optional.empty();
      } catch (RuntimeException e) {
        LOG.warn("Ignoring unreadable {}: {}; the run starts over", key, Printable.escape(e.toString()));
        return Optional.empty();
      }
      boolean samePlan = progress.batchSize() == batchSize()
          && progress.chunks().equals(context.chunks().stream().map(Chunk::toString).toList());
      if (!samePlan) {
        LOG.info("table={} the plan changed since the run stopped (table or batch size); it starts over", context.table());
        return Optional.empty();
      }
      if (progress.position() > 0 && !context.chunks().get(progress.chunk()).repeatable()) {
        LOG.info("table={} stopped inside a chunk that cannot be re-read in the same order; it starts over", context.table());
        return Optional.empty();
      }
      return Optional.of(progress);
    }
  }

  /**
   * Compresses {@code plain} into {@code target} at gzip's fastest level (CSV still shrinks about
   * fourfold; the higher levels cost several times the CPU for a few percent).
   *
   * @return the CRC32C of the compressed bytes, as stored
   */
  static String gzip(Path plain, Path target) throws IOException {
    CRC32C crc = new CRC32C();
    try (InputStream in = Files.newInputStream(plain);
        OutputStream out = new GZIPOutputStream(new CheckedOutputStream(
            new BufferedOutputStream(Files.newOutputStream(target), 1 << 16), crc), 1 << 16) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      in.transferTo(out);
    }
    return String.format("%08x", crc.getValue());
  }

  /**
   * CRC32C of a file the reader did not checksum itself (native warehouse exports). A heap buffer:
   * a direct one per part is freed only by a collection, which a job allocating little may not run
   * for minutes (130 parts held 136 MB of native memory).
   */
  static String crc32c(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        crc.update(buffer, 0, n);
      }
    }
    return String.format("%08x", crc.getValue());
  }
}
