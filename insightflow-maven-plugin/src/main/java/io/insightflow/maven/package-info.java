/**
 * The Maven goals ({@code mvn insightflow:<goal>}). Each goal maps its parameters onto
 * {@link io.insightflow.Insightflow} and logs a summary; the work happens in insightflow-core.
 */
package io.insightflow.maven;
