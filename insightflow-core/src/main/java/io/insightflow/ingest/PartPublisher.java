package io.insightflow.ingest;

import io.insightflow.LakeException;
import io.insightflow.connect.jdbc.PartSink;
import io.insightflow.lake.ObjectInfo;
import io.insightflow.lake.ObjectStore;
import io.insightflow.layout.PartNames;
import io.insightflow.layout.RunManifest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the parts of one table's run to the lake while the exporter produces the next ones:
 * an S3 upload overlaps the warehouse export. At most {@link #IN_FLIGHT} finished parts wait, so
 * memory and temporary disk stay bounded. Parts are numbered in the order the exporter finishes
 * them, which is deterministic, so a rerun writes the same keys.
 */
final class PartPublisher implements PartSink, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PartPublisher.class);
  static final int IN_FLIGHT = 2;

  private final ObjectStore lake;
  private final String folder;
  private final String table;
  private final ExecutorService uploader;
  private final Semaphore slots = new Semaphore(IN_FLIGHT);
  private final List<Future<RunManifest.Part>> parts = new ArrayList<>();
  /** Staging files handed out and not published yet: deleted by {@link #close()} after a failure. */
  private final Set<Path> unpublished = ConcurrentHashMap.newKeySet();
  private final long startNanos = System.nanoTime();
  private long rowsAccepted;

  PartPublisher(ObjectStore lake, String folder, String table) {
    this.lake = lake;
    this.folder = folder;
    this.table = table;
    this.uploader = Executors.newFixedThreadPool(IN_FLIGHT, r -> {
      Thread t = new Thread(r, "insightflow-publish-" + table);
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public Path newPartFile() {
    Path file = lake.newStagingFile();
    unpublished.add(file);
    return file;
  }

  @Override
  public void accept(Path file, long rows, String crc32c) {
    String key = folder + "/" + PartNames.csvPart(table, parts.size() + 1);
    slots.acquireUninterruptibly();
    rowsAccepted += rows;
    logProgress(parts.size() + 1);
    parts.add(uploader.submit(() -> {
      try {
        long bytes = Files.size(file);
        String crc = crc32c != null ? crc32c : crc32c(file);
        ObjectInfo published = lake.put(key, file);
        unpublished.remove(file);
        if (published.size() != bytes) {
          throw new LakeException(key, "Published size " + published.size() + " differs from the " + bytes + " bytes written");
        }
        return new RunManifest.Part(key, rows, bytes, crc);
      } finally {
        slots.release();
      }
    }));
  }

  /** Waits for every part to be published and returns them in order. */
  List<RunManifest.Part> await() {
    List<RunManifest.Part> done = new ArrayList<>(parts.size());
    for (Future<RunManifest.Part> part : parts) {
      try {
        done.add(part.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LakeException(folder, "Interrupted while publishing parts", e);
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw new LakeException(folder, "Publishing a part failed", e.getCause());
      }
    }
    return done;
  }

  /**
   * Stops the upload threads; after a failure, pending uploads are abandoned and every staging file
   * not published is deleted, so a failed run leaves nothing in the lake's {@code _staging}.
   */
  @Override
  public void close() {
    uploader.shutdownNow();
    try {
      uploader.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Path file : unpublished) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("Cannot delete staging file {}: {}", file, e.toString());
      }
    }
  }

  private void logProgress(int part) {
    long millis = Math.max(1, (System.nanoTime() - startNanos) / 1_000_000);
    LOG.info("table={} part={} rows={} rows/s={}", table, part, rowsAccepted, rowsAccepted * 1000 / millis);
  }

  /** CRC32C of a file the exporter did not checksum itself (native warehouse exports). */
  static String crc32c(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    try (FileChannel channel = FileChannel.open(file)) {
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        crc.update(buffer);
        buffer.clear();
      }
    }
    return String.format("%08x", crc.getValue());
  }
}
