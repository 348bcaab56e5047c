package io.insightflow.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public type whose signatures stay compatible within a major version: insightflow removes
 * or changes a member of a {@code @Stable} type only in a new major release, after one release in
 * which the member is {@link Deprecated}. New members (methods, including {@code default} methods
 * of interfaces, and enum constants) may be added in any release.
 *
 * <p>Every public type of a public package (any package outside {@code io.insightflow.internal..})
 * carries exactly one of {@code @Stable}, {@link Evolving} and {@link Internal}; the annotation of a
 * type covers its nested types. The signatures of {@code @Stable} and {@code @Evolving} types are
 * recorded in {@code insightflow-core/api/insightflow-core.api}, and the build fails when they change
 * without that file changing with them, so every change to the public surface is seen in review.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Stable
public @interface Stable {}
