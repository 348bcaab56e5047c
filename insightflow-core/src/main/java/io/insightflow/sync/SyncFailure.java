package io.insightflow.sync;

/**
 * An object that could not be loaded; nothing of it was committed.
 *
 * @param table the target table
 * @param key the object key
 * @param line the line in the object where PostgreSQL stopped (1 = header), or 0 if unknown
 * @param column the column at fault, or null if unknown
 * @param message what went wrong, naming key, line and column
 */
public record SyncFailure(String table, String key, long line, String column, String message) {}
