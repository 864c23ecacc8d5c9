package dev.pacer.run.collector;

import java.util.Map;

/**
 * Collects one value for one monitoring item. Implementations must be thread-safe: one instance
 * serves every item and run. A run that takes longer than its timeout is interrupted.
 *
 * <p>Besides the built-ins, a jar in {@code lib/} adds collectors: list their classes in {@code
 * META-INF/services/dev.pacer.run.collector.Collector} (see docs/collector-plugin.md). A collector
 * that is also {@link AutoCloseable} is closed when the node stops.
 */
public interface Collector {
  /** The name items and {@code collector.default} use to pick this collector. */
  String name();

  /**
   * @return the measured value; a value a {@code FLOAT} column cannot hold (NaN, infinite) makes
   *     the run a failure
   * @throws Exception to make the run a failure with the exception's message as its error; a {@link
   *     CollectException}'s message is the whole error
   */
  double collect(CollectRequest request) throws Exception;

  /**
   * Checks an item's target and options without collecting, so {@code bin/pacer settings} refuses
   * settings that could never work. Accepts everything unless overridden.
   *
   * @throws IllegalArgumentException naming the problem
   */
  default void check(String target, Map<String, String> options) {}
}
