/**
 * Helpers shared inside insightflow. Public only because Java packages need it: there is no
 * compatibility promise here, and adapters (the Maven plugin, the Lambda handlers) must not use it.
 */
package io.insightflow.internal;
