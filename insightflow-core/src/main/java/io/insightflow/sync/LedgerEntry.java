package io.insightflow.sync;

/**
 * One batch of a {@link PostgresSink.Load} as the ledger {@code _insightflow_loaded} records it: the
 * object it is recorded as and what the load did with it. Filled in by the load that owns it and
 * read after its commit; not thread-safe.
 */
final class LedgerEntry {

  /**
   * What became of one batch; {@code SUPERSEDED}: a replace table's object recorded without loading,
   * since the table holds a newer run.
   */
  enum Status { LOADED, SKIPPED, BUSY, SUPERSEDED }

  final LakeObject object;
  /** For a staged batch, its number in the staging table; 0 for a lake object. */
  final int number;
  Status status;
  /** Its object id in the ledger, once {@link SyncCatalog#replacePrevious} has looked it up. */
  Integer id;
  long rows;
  long rejected;
  String rejectsKey;
  /** Deletes of a merge object that found no row of their key; null when the table has no delete marker. */
  Long unseenDeletes;

  LedgerEntry(LakeObject object, int number, Status status) {
    this.object = object;
    this.number = number;
    this.status = status;
  }
}
