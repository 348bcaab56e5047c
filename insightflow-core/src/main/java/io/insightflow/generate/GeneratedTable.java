package io.insightflow.generate;

import io.insightflow.api.Evolving;
import java.nio.file.Path;

/**
 * What {@link InstacartGenerator#generate()} wrote for one table.
 *
 * @param table the table
 * @param file the CSV file, in its final place
 * @param rows data rows, header excluded
 * @param bytes file size in bytes, header included
 * @param millis time taken to generate and write the file
 */
@Evolving
public record GeneratedTable(InstacartTable table, Path file, long rows, long bytes, long millis) {}
