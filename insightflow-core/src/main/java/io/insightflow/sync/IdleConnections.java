package io.insightflow.sync;

import io.insightflow.connect.postgres.PostgresConnectionOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The idle connections of one {@link PostgresSink}, shared by its writers and its committer so that
 * a sync opens one connection per worker, not one per object. A borrower owns the connection until
 * it gives it back (outside any transaction) or closes it; the sink closes the idle ones when it is
 * closed. Thread-safe.
 */
final class IdleConnections implements AutoCloseable {

  private final PostgresConnectionOptions target;
  private final SyncCatalog catalog;
  private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();
  private volatile boolean catalogReady;
  private volatile boolean closed;

  /** @param catalogReady whether the ledger tables exist already; if not, the first connection creates them */
  IdleConnections(PostgresConnectionOptions target, SyncCatalog catalog, boolean catalogReady) {
    this.target = target;
    this.catalog = catalog;
    this.catalogReady = catalogReady;
  }

  /** An idle connection that still works, or a new one; the ledger tables exist once it returns. */
  Connection borrow() throws SQLException {
    Connection c;
    while ((c = idle.poll()) != null) {
      if (!c.isClosed() && c.isValid(5)) {
        return c;
      }
      closeQuietly(c);
    }
    c = target.connect();
    if (!catalogReady) {
      try {
        catalog.ensure(c);
      } catch (SQLException e) {
        closeQuietly(c);
        throw e;
      }
      catalogReady = true;
    }
    return c;
  }

  /** Keeps a connection outside any transaction for the next borrower; closes a broken one. */
  void giveBack(Connection c) {
    try {
      if (closed || c.isClosed() || !c.getAutoCommit() && !resetQuietly(c)) {
        closeQuietly(c);
        return;
      }
    } catch (SQLException e) {
      closeQuietly(c);
      return;
    }
    idle.add(c);
  }

  /** Closes the idle connections; a connection given back later is closed. Idempotent. */
  @Override
  public void close() {
    closed = true;
    Connection c;
    while ((c = idle.poll()) != null) {
      closeQuietly(c);
    }
  }

  /** A new, empty hold on one of these connections. */
  Held hold() {
    return new Held();
  }

  /**
   * One owner's hold on a connection: borrowed on first use, kept until {@link #close()} gives it
   * back (after rolling back what was not committed) or {@link #handOver()} passes it on. Not
   * thread-safe.
   */
  final class Held implements AutoCloseable {
    private Connection connection;

    /** The held connection, borrowed now if none is held. */
    Connection get() throws SQLException {
      if (connection == null) {
        connection = borrow();
      }
      return connection;
    }

    /** Passes the connection, open transaction and all, to a new owner; the hold is empty after. */
    Connection handOver() {
      Connection c = connection;
      connection = null;
      return c;
    }

    /** Rolls back what was not committed, keeping the connection. */
    void rollback() {
      rollbackQuietly(connection);
    }

    /** Rolls back what was not committed and gives the connection back. Idempotent. */
    @Override
    public void close() {
      rollback();
      if (connection != null) {
        giveBack(connection);
        connection = null;
      }
    }
  }

  static void rollbackQuietly(Connection c) {
    try {
      if (c != null && !c.isClosed() && !c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException ignored) {
      // The connection is broken; it is replaced before the next load.
    }
  }

  static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Closing a broken connection cannot fail in a way that matters.
      }
    }
  }

  private static boolean resetQuietly(Connection c) {
    try {
      c.rollback();
      c.setAutoCommit(true);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }
}
