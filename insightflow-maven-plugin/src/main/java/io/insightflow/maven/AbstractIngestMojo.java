package io.insightflow.maven;

import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.InsightflowProperties.Key;
import java.util.Map;
import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/** Base of the goals that read the warehouse into the lake: {@code ingest} and {@code plan}. */
public abstract class AbstractIngestMojo extends AbstractLakeMojo {

  /**
   * Warehouse JDBC URL ({@code insightflow.source.url}): DuckDB, PostgreSQL, Snowflake or any driver
   * on the plugin's class path. A relative DuckDB file is relative to the project. Default
   * {@code jdbc:duckdb:warehouse.duckdb}. The password goes in {@code insightflow.source.password}
   * (environment {@code INSIGHTFLOW_SOURCE_PASSWORD} or {@code -D}), never in the URL.
   */
  @Parameter(property = "insightflow.source.url")
  private PlexusConfiguration sourceUrl;

  /** Warehouse user ({@code insightflow.source.user}). */
  @Parameter(property = "insightflow.source.user")
  private String sourceUser;

  /** Snowflake key-pair authentication: PKCS#8 private key file ({@code insightflow.source.privateKeyFile}). */
  @Parameter(property = "insightflow.source.privateKeyFile")
  private String sourcePrivateKeyFile;

  /** Rows per lake part ({@code insightflow.ingest.batchSize}). Default {@code 1000000}. */
  @Parameter(property = "insightflow.ingest.batchSize")
  private String ingestBatchSize;

  /**
   * The run's timestamp, which names the partition folder ({@code insightflow.ingest.triggerTime}),
   * an ISO-8601 instant such as {@code 2024-05-07T09:30:00Z}. Default: now. Re-running with the same
   * trigger time replaces that run instead of adding one.
   */
  @Parameter(property = "insightflow.ingest.triggerTime")
  private String ingestTriggerTime;

  /**
   * Partition path template ({@code insightflow.ingest.template}) with the placeholders
   * <code>&#123;table&#125;</code>, <code>&#123;yyyy&#125;</code>, <code>&#123;MM&#125;</code>,
   * <code>&#123;dd&#125;</code>, <code>&#123;HH&#125;</code>, <code>&#123;mm&#125;</code>. Default
   * <code>data/batch/&#123;table&#125;/year=&#123;yyyy&#125;/month=&#123;MM&#125;/day=&#123;dd&#125;/hhmm=&#123;HH&#125;&#123;mm&#125;</code>.
   */
  @Parameter(property = "insightflow.ingest.template")
  private String ingestTemplate;

  /** JDBC fetch size when rows stream through the driver ({@code insightflow.ingest.fetchSize}). Default {@code 10000}. */
  @Parameter(property = "insightflow.ingest.fetchSize")
  private String ingestFetchSize;

  /**
   * Connections reading one table at once ({@code insightflow.ingest.readers}), each a block range
   * of one snapshot, where the source can (PostgreSQL 14 and later). Default: the number of
   * processors, at least 2 and at most 4; {@code 1} reads each table with one query.
   */
  @Parameter(property = "insightflow.ingest.readers")
  private String ingestReaders;

  /**
   * Stop between parts after this long ({@code insightflow.ingest.timeBudget}), e.g. {@code 14m}; a
   * run with the same trigger time then continues where it stopped. Default: no limit.
   */
  @Parameter(property = "insightflow.ingest.timeBudget")
  private String ingestTimeBudget;

  /**
   * Compression of lake parts ({@code insightflow.ingest.compression}): {@code none} or {@code gzip}
   * ({@code .csv.gz} parts; sync decompresses them). Default {@code none}.
   */
  @Parameter(property = "insightflow.ingest.compression")
  private String ingestCompression;

  /**
   * Where ingest writes ({@code insightflow.ingest.sink}): {@code lake}, or the name of a sink a
   * connector jar on the plugin's class path adds. Default {@code lake}.
   */
  @Parameter(property = "insightflow.ingest.sink")
  private String ingestSink;

  @Override
  protected void parameters(Map<Key, String> values) {
    super.parameters(values);
    values.put(InsightflowProperties.INGEST_TIME_BUDGET, ingestTimeBudget);
    values.put(InsightflowProperties.INGEST_SINK, ingestSink);
    values.put(InsightflowProperties.INGEST_COMPRESSION, ingestCompression);
    values.put(InsightflowProperties.SOURCE_URL, evaluate(sourceUrl));
    values.put(InsightflowProperties.SOURCE_USER, sourceUser);
    values.put(InsightflowProperties.SOURCE_PRIVATE_KEY_FILE, sourcePrivateKeyFile);
    values.put(InsightflowProperties.INGEST_BATCH_SIZE, ingestBatchSize);
    values.put(InsightflowProperties.INGEST_TRIGGER_TIME, ingestTriggerTime);
    values.put(InsightflowProperties.INGEST_TEMPLATE, ingestTemplate);
    values.put(InsightflowProperties.INGEST_FETCH_SIZE, ingestFetchSize);
    values.put(InsightflowProperties.INGEST_READERS, ingestReaders);
  }
}
