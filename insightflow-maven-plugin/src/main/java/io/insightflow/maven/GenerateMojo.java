package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.generate.GeneratedTable;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Writes the Instacart Market Basket CSV files (aisles, departments, products, orders,
 * order_products__prior, order_products__train) at any scale; the same scale and seed always give
 * the same bytes. {@code insightflow.tables} restricts the tables.
 *
 * <pre>mvn insightflow:generate -Dinsightflow.generate.scale=0.01</pre>
 */
@GoalKeys({"insightflow.generate."})
@Mojo(name = "generate", threadSafe = true, requiresProject = false)
public class GenerateMojo extends GenerateParameters {

  @Override
  protected String run(Insightflow flow) {
    List<GeneratedTable> tables = flow.generate();
    return "Generated " + tables.size() + " tables, " + tables.stream().mapToLong(GeneratedTable::rows).sum()
        + " rows, " + tables.stream().mapToLong(GeneratedTable::bytes).sum() + " bytes into "
        + flow.baseDirectory().resolve(flow.get(InsightflowProperties.GENERATE_DIR));
  }
}
