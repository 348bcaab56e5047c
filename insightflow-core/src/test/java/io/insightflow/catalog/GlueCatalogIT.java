package io.insightflow.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.Insightflow;
import io.insightflow.api.InsightflowConfigException;
import io.insightflow.lake.LocalObjectStore;
import io.insightflow.layout.PartitionTemplate;
import io.insightflow.layout.RunManifest;
import io.insightflow.stream.LakeCheckpointStore;
import io.insightflow.stream.OrderEventGenerator;
import io.insightflow.stream.OrderEventTransform;
import io.insightflow.stream.StreamLakeWriter;
import io.insightflow.testing.GlueMoto;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.Partition;
import software.amazon.awssdk.services.glue.model.Table;

/** Glue registration through the real SDK client against moto's Glue API. */
class GlueCatalogIT {

  @RegisterExtension
  static final GlueMoto moto = new GlueMoto();

  @TempDir
  Path work;
  String database;

  @BeforeEach
  void createDatabase() throws Exception {
    database = moto.newDatabase();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + work.resolve("w.duckdb"));
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items (id INTEGER NOT NULL, name VARCHAR, price DECIMAL(10,2), seen TIMESTAMP, flag BOOLEAN)");
      st.execute("INSERT INTO items VALUES (1, 'a, \"b\"', 1.25, TIMESTAMP '2024-05-07 09:30:00', true)");
    }
  }

  private Insightflow flow(String trigger) {
    return Insightflow.configure().baseDirectory(work)
        .property("insightflow.source.url", "jdbc:duckdb:w.duckdb")
        .property("insightflow.tables", "items")
        .property("insightflow.lake", "lake")
        .property("insightflow.ingest.triggerTime", trigger)
        .property("insightflow.catalog.glue.database", database)
        .property("insightflow.catalog.glue.endpoint", moto.endpoint().toString())
        .build();
  }

  @Test
  void ingest_withCatalog_createsTheTableAndAddsEachRunsPartitionOnce() {
    flow("2024-05-07T09:30:00Z").ingest();
    flow("2024-05-07T09:45:00Z").ingest();
    flow("2024-05-07T09:45:00Z").ingest(); // a rerun of the same trigger time
    long again = flow("2024-05-07T09:45:00Z").registerCatalog();

    String lake = work.resolve("lake").toUri().toString();
    Table table = moto.client().getTable(r -> r.databaseName(database).name("items")).table();
    assertThat(table.storageDescriptor().location()).isEqualTo(lake + "data/batch/items/");
    assertThat(table.storageDescriptor().columns()).extracting(Column::name, Column::type).containsExactly(
        org.assertj.core.groups.Tuple.tuple("id", "int"), org.assertj.core.groups.Tuple.tuple("name", "string"),
        org.assertj.core.groups.Tuple.tuple("price", "decimal(10,2)"), org.assertj.core.groups.Tuple.tuple("seen", "timestamp"),
        org.assertj.core.groups.Tuple.tuple("flag", "boolean"));
    assertThat(table.partitionKeys()).extracting(Column::name).containsExactly("year", "month", "day", "hhmm");
    assertThat(table.storageDescriptor().serdeInfo().parameters()).containsEntry("skip.header.line.count", "1");
    assertThat(again).isEqualTo(2);
    List<Partition> partitions = moto.client().getPartitions(r -> r.databaseName(database).tableName("items")).partitions();
    assertThat(partitions).extracting(Partition::values).containsExactlyInAnyOrder(
        List.of("2024", "05", "07", "0930"), List.of("2024", "05", "07", "0945"));
    assertThat(partitions).extracting(p -> p.storageDescriptor().location()).contains(
        lake + "data/batch/items/year=2024/month=05/day=07/hhmm=0930/");
  }

  /** [#21] The table's key, as the latest registered run's manifest records it, is a table parameter. */
  @Test
  void ingest_keyedTable_recordsItsKeyAsATableParameter() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + work.resolve("w.duckdb"));
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE items");
      st.execute("CREATE TABLE items (Order_Id INTEGER, line INTEGER, sku VARCHAR, PRIMARY KEY (line, Order_Id))");
      st.execute("INSERT INTO items VALUES (1, 1, 'a')");
    }
    flow("2024-05-07T09:30:00Z").ingest();
    assertThat(moto.client().getTable(r -> r.databaseName(database).name("items")).table().parameters())
        .containsEntry(GlueCatalog.KEYS_PARAMETER, "line,order_id").containsEntry("classification", "csv");

    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + work.resolve("w.duckdb"));
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE items2 AS SELECT * FROM items");
      st.execute("DROP TABLE items");
      st.execute("ALTER TABLE items2 RENAME TO items"); // the same table without its key
    }
    flow("2024-05-07T09:45:00Z").ingest();
    assertThat(moto.client().getTable(r -> r.databaseName(database).name("items")).table().parameters())
        .doesNotContainKey(GlueCatalog.KEYS_PARAMETER).containsEntry("classification", "csv");
  }

  @Test
  void register_streamFlush_registersTheStreamLayout() {
    try (LocalObjectStore lake = new LocalObjectStore(work.resolve("lake"));
        GlueCatalog catalog = new GlueCatalog(moto.client(), database, lake.describe(), false)) {
      Clock clock = Clock.fixed(Instant.parse("2024-05-07T10:02:00Z"), ZoneOffset.UTC);
      StreamLakeWriter writer = new StreamLakeWriter(lake, "orders-stream", "order_events", new OrderEventTransform(),
          new LakeCheckpointStore(lake), clock);
      OrderEventGenerator events = new OrderEventGenerator(7, clock.instant());
      StreamLakeWriter.Flushed flushed;
      try (StreamLakeWriter.Batch batch = writer.begin("shardId-000000000000")) {
        for (int i = 0; i < 10; i++) {
          batch.add(Integer.toString(100 + i), clock.instant(), events.event(i).toJson());
        }
        flushed = batch.flush(false);
      }
      Catalogs.register(catalog, lake, flushed.manifestKey(), PartitionTemplate.stream());

      Table table = moto.client().getTable(r -> r.databaseName(database).name("order_events")).table();
      assertThat(table.storageDescriptor().columns()).extracting(Column::name)
          .containsExactlyElementsOf(OrderEventTransform.COLUMNS.stream().map(RunManifest.Column::name).toList());
      assertThat(moto.client().getPartitions(r -> r.databaseName(database).tableName("order_events")).partitions())
          .extracting(Partition::values).containsExactly(List.of("2024", "05", "07", "1002"));
    }
  }

  @Test
  void register_layoutWithoutHiveFolders_namesTheTemplate() {
    assertThatThrownBy(() -> PartitionTemplate.of("data/{table}/{yyyy}/{MM}").hiveKeys())
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageStartingWith("insightflow.ingest.template:")
        .hasMessageContaining("name={");
  }
}
