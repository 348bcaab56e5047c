/**
 * Helpers shared inside insightflow. Public only because Java packages need it: there is no
 * compatibility promise here, and adapters (the Maven plugin, the Lambda handlers) must not use it.
 *
 * <p>This package sits below every API package but {@code api} and {@code config} (it must not
 * import a package that imports it). Internals that need an API type live in a subpackage per area
 * above it, as OkHttp's {@code okhttp3.internal.*}: {@code internal.layout}, {@code internal.lake},
 * {@code internal.sql}, {@code internal.warehouse}. None of them is in the API baseline.
 */
package io.insightflow.internal;
