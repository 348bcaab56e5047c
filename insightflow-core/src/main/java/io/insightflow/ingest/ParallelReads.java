package io.insightflow.ingest;

import io.insightflow.api.InsightflowException;
import io.insightflow.api.SourceException;
import io.insightflow.spi.Chunk;
import io.insightflow.spi.Position;
import io.insightflow.spi.RecordBatch;
import io.insightflow.spi.Source;
import io.insightflow.spi.SourceReader;
import io.insightflow.spi.Staging;
import io.insightflow.spi.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunks of one table read by several {@link Source#fork() forks} at once and handed to the
 * ingest thread batch by batch in chunk order, so the sink names its parts exactly as a sequential
 * read would [#13]. Chunks are started in order and at most {@code readers + 1} are unfinished at a
 * time (each reader is at most one chunk ahead of the writer), and at most two batches of a chunk
 * wait, so temporary disk stays near {@code readers + 1} batches.
 *
 * <p>{@link #next()} is for the ingest thread only. {@link #close()} stops the readers (each one
 * finishes the batch in hand first), deletes the files of every batch not taken, and closes the
 * forks; this object owns the forks.
 */
final class ParallelReads implements AutoCloseable {

  /** A batch and the chunk it belongs to. */
  record Read(Chunk chunk, RecordBatch batch) {}

  private static final Logger LOG = LoggerFactory.getLogger(ParallelReads.class);
  private static final long POLL_MILLIS = 50;

  private final TableName table;
  private final List<Chunk> chunks;
  private final Position firstPosition;
  private final Staging staging;
  private final List<Source> forks = new ArrayList<>();
  private final ExecutorService pool;
  /** Permits to start a chunk; the ingest thread returns one when it has taken a chunk's last batch. */
  private final Semaphore window;
  private final AtomicInteger nextToStart = new AtomicInteger();
  /** Per started chunk (index into {@link #chunks}): its batches, then an empty Optional at its end. */
  private final Map<Integer, BlockingQueue<Optional<RecordBatch>>> queues = new ConcurrentHashMap<>();
  private volatile RuntimeException failure;
  private volatile boolean closed;
  private int current;

  /**
   * Forks the source {@code readers} times and starts reading.
   *
   * @param chunks the chunks to read, in order; the first is opened at {@code firstPosition}
   */
  ParallelReads(Source source, int readers, List<Chunk> chunks, Position firstPosition, Staging staging) {
    this.table = chunks.get(0).table();
    this.chunks = List.copyOf(chunks);
    this.firstPosition = firstPosition;
    this.staging = staging;
    this.window = new Semaphore(readers + 1);
    try {
      for (int i = 0; i < readers; i++) {
        forks.add(source.fork());
      }
    } catch (RuntimeException e) {
      closeForks();
      throw e;
    }
    this.pool = Executors.newFixedThreadPool(readers, r -> {
      Thread t = new Thread(r, "insightflow-read-" + table.name());
      t.setDaemon(true);
      return t;
    });
    forks.forEach(fork -> pool.execute(() -> readChunks(fork)));
  }

  /**
   * The next batch in chunk order, or empty when every chunk has been taken. Blocks until it is read.
   * The caller owns the batch's file.
   *
   * @throws InsightflowException the first failure of any reader (naming the table)
   */
  Optional<Read> next() {
    while (current < chunks.size()) {
      Optional<RecordBatch> item = take(queue(current));
      if (item.isPresent()) {
        return Optional.of(new Read(chunks.get(current), item.get()));
      }
      queues.remove(current);
      current++;
      window.release();
    }
    return Optional.empty();
  }

  private Optional<RecordBatch> take(BlockingQueue<Optional<RecordBatch>> queue) {
    try {
      while (true) {
        if (failure != null) {
          throw failure;
        }
        Optional<RecordBatch> item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
        if (item != null) {
          return item;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SourceException(table.toString(), "Interrupted while waiting for the readers", e);
    }
  }

  private BlockingQueue<Optional<RecordBatch>> queue(int index) {
    return queues.computeIfAbsent(index, i -> new ArrayBlockingQueue<>(2));
  }

  /** A reader thread: takes the next chunk in order while the window allows, until none is left. */
  private void readChunks(Source fork) {
    try {
      while (!closed && failure == null) {
        window.acquire();
        int index = nextToStart.getAndIncrement();
        if (index >= chunks.size()) {
          return;
        }
        Chunk chunk = chunks.get(index);
        BlockingQueue<Optional<RecordBatch>> out = queue(index);
        try (SourceReader reader = fork.open(chunk, index == 0 ? firstPosition : Position.START, staging)) {
          Optional<RecordBatch> batch;
          while ((batch = reader.nextBatch()).isPresent()) {
            try {
              out.put(batch);
            } catch (InterruptedException e) {
              batch.get().data().discard();
              throw e;
            }
          }
        }
        out.put(Optional.empty());
      }
    } catch (InterruptedException e) {
      // close() stops the readers
    } catch (RuntimeException e) {
      if (failure == null && !closed) {
        failure = e instanceof InsightflowException ? e
            : new SourceException(table.toString(), "A reader failed: " + e, e);
      }
    }
  }

  /**
   * Stops the readers, deletes the files of the batches nobody took, and closes the forks (which
   * ends the snapshot they shared). Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    pool.shutdownNow();
    try {
      if (!pool.awaitTermination(5, TimeUnit.MINUTES)) {
        LOG.warn("table={} readers did not stop within 5 minutes; closing their connections", table);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (BlockingQueue<Optional<RecordBatch>> queue : queues.values()) {
      Optional<RecordBatch> item;
      while ((item = queue.poll()) != null) {
        item.ifPresent(b -> b.data().discard());
      }
    }
    closeForks();
  }

  private void closeForks() {
    for (Source fork : forks) {
      try {
        fork.close();
      } catch (RuntimeException e) {
        LOG.warn("table={} closing a reader's connection failed: {}", table, e.toString());
      }
    }
  }
}
