package io.insightflow.sync;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A transaction a writer leaves open on a connection it holds, until {@link #handOver} gives both
 * to the {@link PostgresSink.Load} that {@link LoadCommitter} commits with the ledger rows: the
 * shape of every lake load (append, merge, replace). Until then {@link #close()} rolls back and
 * gives the connection back. Confined to the writer's thread.
 */
abstract class OpenTransaction implements PostgresSink.PendingCommit {

  private final IdleConnections.Held connection;
  private Connection handedOver;

  OpenTransaction(IdleConnections connections) {
    this.connection = connections.hold();
  }

  /** The held connection, borrowed on first use. */
  final Connection connection() throws SQLException {
    return connection.get();
  }

  /** Hands the open transaction and its connection to the returned load; nothing is visible yet. */
  final PostgresSink.Load handOver(String table, List<LedgerEntry> entries) {
    handedOver = connection.handOver();
    return new PostgresSink.Load(table, entries, this);
  }

  /** The transaction left open; the committer owns it from now on. */
  @Override
  public final Connection transaction() {
    Connection c = handedOver;
    handedOver = null;
    return c;
  }

  /** Records {@code entry} in the ledger when it loaded; nothing when another worker or the ledger had it. */
  static boolean publishLoaded(SyncCatalog catalog, Connection c, LedgerEntry entry) throws SQLException {
    if (entry.status != LedgerEntry.Status.LOADED) {
      return false;
    }
    catalog.record(c, entry);
    return true;
  }

  /** Rolls back what was not handed over, keeping the connection. */
  final void rollback() {
    connection.rollback();
  }

  /** Rolls back what was not handed over and gives the connection back. Idempotent. */
  final void close() {
    connection.close();
  }
}
