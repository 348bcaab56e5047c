package io.insightflow.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.layout.RunManifest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ColumnChanges}: what a table needs before an object's COPY, per schema change mode. [#21] */
class ColumnChangesTest {

  private static final String Q = "\"s\".\"orders\"";

  @Test
  void of_newColumnAndWidening_addsAndAlters() {
    List<ColumnChanges.Change> changes = ColumnChanges.of(object(col("id", "bigint"), col("note", "text"),
        col("amount", "numeric(12,4)")), Map.of("id", "integer", "amount", "numeric(10,2)"), SchemaChangeMode.EVOLVE);

    assertThat(changes).extracting(c -> c.sql(Q)).containsExactly(
        "ALTER TABLE \"s\".\"orders\" ALTER COLUMN \"id\" TYPE bigint",
        "ALTER TABLE \"s\".\"orders\" ADD COLUMN \"note\" text",
        "ALTER TABLE \"s\".\"orders\" ALTER COLUMN \"amount\" TYPE numeric(12,4)");
  }

  @Test
  void of_objectFitsTheTable_changesNothing() {
    assertThat(ColumnChanges.of(object(col("id", "int"), col("name", "varchar(5)")),
        Map.of("id", "bigint", "name", "text", "extra", "date"), SchemaChangeMode.EVOLVE)).isEmpty();
  }

  @Test
  void of_refusedType_namesTableColumnAndBothTypes() {
    assertThatThrownBy(() -> ColumnChanges.of(object(col("id", "bigint"), col("at", "timestamptz"),
        col("n", "text")), Map.of("id", "integer", "at", "timestamp without time zone"), SchemaChangeMode.EVOLVE))
        .isInstanceOf(SchemaChangeException.class)
        .hasMessageContaining("Cannot load object into table orders")
        .hasMessageContaining("column at is timestamp without time zone in the table and timestamp with time zone"
            + " in the object: no safe widening (PostgreSQL would read")
        .hasMessageContaining("the table is unchanged")
        .satisfies(e -> assertThat(((SchemaChangeException) e).column()).isEqualTo("at"));
  }

  @Test
  void of_freeze_failsOnNewColumnWideningAndNarrowerType() {
    assertThatThrownBy(() -> ColumnChanges.of(object(col("id", "bigint"), col("note", "text"), col("q", "smallint")),
        Map.of("id", "integer", "q", "integer"), SchemaChangeMode.FREEZE))
        .isInstanceOf(SchemaChangeException.class)
        .hasMessageContaining("column id is integer in the table and bigint in the object")
        .hasMessageContaining("the object has column note (text) that the table lacks")
        .hasMessageContaining("column q is integer in the table and smallint in the object")
        .hasMessageContaining("insightflow.sync.schemaChanges.orders=freeze")
        .satisfies(e -> assertThat(((SchemaChangeException) e).column()).isEqualTo("id"));
  }

  @Test
  void of_freezeSameTypes_loads() {
    assertThat(ColumnChanges.of(object(col("id", "int4"), col("at", "timestamptz")),
        Map.of("id", "integer", "at", "timestamp with time zone", "mood", "mood"), SchemaChangeMode.FREEZE)).isEmpty();
  }

  private static RunManifest.Column col(String name, String type) {
    return new RunManifest.Column(name, type, type, true);
  }

  private static LakeObject object(RunManifest.Column... columns) {
    return new LakeObject("orders", "orders/part-1.csv", Instant.EPOCH, "orders/_manifest.json", "r1", 1, 1, 1, "c",
        null, List.of(columns));
  }
}
