package io.github.tensorforge.tests;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test run once per backend provider on the class path except the reference backend; the parameter is the backend's
 * name. Call {@link Conformance#backend(String)} first: it skips the run when the backend is not available here.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("io.github.tensorforge.tests.Conformance#backendNames")
public @interface BackendTest {}
