package io.insightflow.sync;

import io.insightflow.api.InsightflowException;
import io.insightflow.api.Secrets;
import io.insightflow.spi.Committer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The committer of {@link PostgresSink}: ends the transaction of a {@link PostgresSink.Load} with its
 * ledger rows and COMMIT, exactly once. It exists because a COMMIT whose answer is lost (the
 * connection broke) leaves the outcome unknown; the ledger, written in the same transaction, tells
 * afterwards whether it went through ({@link #confirm}), so that a retry neither loses nor doubles
 * the load.
 *
 * <p>The connection comes from the load ({@link PostgresSink.PendingCommit#transaction()}); the
 * committer owns it from then on and gives it back after COMMIT, or closes it after a failure.
 * Thread-safe: a load is committed under its own lock.
 */
final class LoadCommitter implements Committer<PostgresSink.Load> {

  private final IdleConnections connections;
  private final SyncCatalog catalog;
  private final String sink;

  /** @param sink the sink's description, for messages */
  LoadCommitter(IdleConnections connections, SyncCatalog catalog, String sink) {
    this.connections = connections;
    this.catalog = catalog;
    this.sink = sink;
  }

  /**
   * Records the load and commits: for a lake object, the writer's open transaction; for staged
   * batches, a new one that moves them into the target table. Idempotent (see {@link Committer}).
   *
   * @throws PostgresSink.Failure when PostgreSQL fails
   */
  @Override
  public void commit(PostgresSink.Load load) {
    Objects.requireNonNull(load, "load");
    synchronized (load) {
      switch (load.state) {
        case DONE -> {
          return;
        }
        case LOST -> throw new InsightflowException("The load of " + load.table() + " into " + sink
            + " was rolled back by an earlier failure; write it again");
        case UNCERTAIN -> {
          if (!confirm(load)) {
            throw new InsightflowException("The load of " + load.table() + " into " + sink
                + " was not committed (the connection broke during COMMIT); write it again");
          }
          return;
        }
        default -> { }
      }
      Connection c = null;
      try {
        c = load.pending.transaction();
        if (load.pending.publish(c)) {
          load.state = PostgresSink.Load.State.UNCERTAIN;
          c.commit();
        } else {
          c.rollback();
        }
        load.state = PostgresSink.Load.State.DONE;
        connections.giveBack(c);
      } catch (SQLException | RuntimeException e) {
        if (load.state != PostgresSink.Load.State.UNCERTAIN) {
          load.state = PostgresSink.Load.State.LOST;
          IdleConnections.rollbackQuietly(c);
        }
        IdleConnections.closeQuietly(c);
        if (e instanceof SQLException sql) {
          throw new PostgresSink.Failure("Cannot commit the load of " + load.table() + " into " + sink + ": "
              + Secrets.mask(sql.getMessage()), sql);
        }
        throw (RuntimeException) e;
      }
    }
  }

  /**
   * Whether the load is committed: after a COMMIT whose answer was lost, the ledger tells whether
   * it went through; a load rolled back by a failure is not. Called by the thread that committed;
   * blocks on an idle connection.
   *
   * @throws PostgresSink.Failure if the ledger cannot be read
   */
  boolean confirm(PostgresSink.Load load) {
    synchronized (load) {
      if (load.state == PostgresSink.Load.State.UNCERTAIN) {
        Connection c = null;
        try {
          c = connections.borrow();
          boolean all = catalog.isRecorded(c, load.entries());
          connections.giveBack(c);
          load.state = all ? PostgresSink.Load.State.DONE : PostgresSink.Load.State.LOST;
        } catch (SQLException e) {
          IdleConnections.closeQuietly(c);
          throw new PostgresSink.Failure("Cannot check the commit of " + load.table() + " in " + sink + ": "
              + Secrets.mask(e.getMessage()), e);
        }
      }
      return load.state == PostgresSink.Load.State.DONE;
    }
  }
}
