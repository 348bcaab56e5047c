package io.insightflow.maven;

import org.apache.maven.plugins.annotations.Parameter;
import org.codehaus.plexus.configuration.PlexusConfiguration;

/**
 * The parameters of {@link GenerateMojo}: one per key its {@link GoalKeys} name, named after
 * it ({@code insightflow.sync.threads} is {@code <syncThreads>}) and documented by its description.
 * Values are strings, which core parses naming the key; URLs, which may hold a password, are
 * injected unevaluated ({@link PlexusConfiguration}) so that {@code -X} shows only their expression.
 *
 * <p>Generated from the keys by {@code ParametersSourceTest}: do not edit; after changing keys,
 * copy {@code target/parameters/GenerateParameters.java} over this file.
 */
public abstract class GenerateParameters extends AbstractInsightflowMojo {

  /** {@code insightflow.configFile}: Properties file with insightflow.* keys; its values rank below pom, environment and -D. */
  @Parameter(property = "insightflow.configFile")
  String configFile;
  /** {@code insightflow.tables}: Comma-separated table names. */
  @Parameter(property = "insightflow.tables")
  String tables;
  /** {@code insightflow.generate.scale}: Scale of the generated Instacart data (1.0 = real row counts). Default {@code 0.01}. */
  @Parameter(property = "insightflow.generate.scale")
  String generateScale;
  /** {@code insightflow.generate.seed}: Random seed of the generated data; the same seed and scale give the same files. Default {@code 20170503}. */
  @Parameter(property = "insightflow.generate.seed")
  String generateSeed;
  /** {@code insightflow.generate.dir}: Directory for generated CSV files. Default {@code data/generated}. */
  @Parameter(property = "insightflow.generate.dir")
  String generateDir;
  /** {@code insightflow.skip}: Skip the goal: true | false. Default {@code false}. */
  @Parameter(property = "insightflow.skip")
  String skip;
}
