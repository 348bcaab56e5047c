package io.insightflow.maven;

import io.insightflow.Insightflow;
import io.insightflow.config.InsightflowProperties;
import io.insightflow.config.InsightflowProperties.Key;
import io.insightflow.generate.GeneratedTable;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the Instacart Market Basket CSV files (aisles, departments, products, orders,
 * order_products__prior, order_products__train) at any scale; the same scale and seed always give
 * the same bytes. {@code insightflow.tables} restricts the tables.
 *
 * <pre>mvn insightflow:generate -Dinsightflow.generate.scale=0.01</pre>
 */
@Mojo(name = "generate", threadSafe = true, requiresProject = false)
public class GenerateMojo extends AbstractInsightflowMojo {

  /** Scale of the data ({@code insightflow.generate.scale}); 1.0 = the real row counts. Default {@code 0.01}. */
  @Parameter(property = "insightflow.generate.scale")
  private String generateScale;

  /** Random seed ({@code insightflow.generate.seed}). Default {@code 20170503}. */
  @Parameter(property = "insightflow.generate.seed")
  private String generateSeed;

  /** Output directory, relative to the project ({@code insightflow.generate.dir}). Default {@code data/generated}. */
  @Parameter(property = "insightflow.generate.dir")
  private String generateDir;

  @Override
  protected void parameters(Map<Key, String> values) {
    super.parameters(values);
    values.put(InsightflowProperties.GENERATE_SCALE, generateScale);
    values.put(InsightflowProperties.GENERATE_SEED, generateSeed);
    values.put(InsightflowProperties.GENERATE_DIR, generateDir);
  }

  @Override
  protected String run(Insightflow flow) {
    List<GeneratedTable> tables = flow.generate();
    return "Generated " + tables.size() + " tables, " + tables.stream().mapToLong(GeneratedTable::rows).sum()
        + " rows, " + tables.stream().mapToLong(GeneratedTable::bytes).sum() + " bytes into "
        + flow.baseDirectory().resolve(flow.get(InsightflowProperties.GENERATE_DIR));
  }
}
