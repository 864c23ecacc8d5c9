package dev.pacer.health;

import java.util.List;

/**
 * A condition this node needs to do its work, contributed by the feature that knows it: bind an
 * implementation in the feature's module with {@code Multibinder.newSetBinder(binder(),
 * Readiness.class).addBinding().to(...)}. {@code /health/ready} answers 200 only while no condition
 * has a problem, and {@code /health} is unhealthy otherwise. Called on every probe: answer from
 * memory, never from the database.
 */
public interface Readiness {
  /**
   * Why this node cannot do its work now, each as a short phrase led by the feature ({@code "sync:
   * no successful tick for 42 s"}); empty when it can.
   */
  List<String> problems();
}
