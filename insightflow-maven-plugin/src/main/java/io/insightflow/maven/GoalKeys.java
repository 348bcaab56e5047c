package io.insightflow.maven;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The keys a goal reads, which become its parameters (generated into its {@code <Goal>Parameters}
 * base during the build by {@code src/build/GoalParameters.java}, which reads this annotation from the
 * goal's source, so keep it one {@code @GoalKeys({"…", …})} literal): key names, or prefixes ending in {@code .} for a group such
 * as {@code insightflow.sync.}. {@code insightflow.configFile}, {@code .skip} and {@code .tables} are
 * every goal's. So each goal's help and descriptor list what it uses, and a key is declared once.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface GoalKeys {
  String[] value();
}
