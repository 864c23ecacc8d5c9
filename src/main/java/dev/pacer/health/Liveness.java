package dev.pacer.health;

import java.util.List;

/**
 * A loop of this node that must keep making progress, contributed by the feature that runs it like
 * a {@link Readiness}. {@code /health/live} answers 503 while any loop is stuck, which only a
 * restart cures; a loop that keeps failing (the database is gone) is not stuck, and is a readiness
 * problem instead. Called on every probe: answer from memory.
 */
public interface Liveness {
  /** Which loop is stuck and how, each as a short phrase; empty while every loop progresses. */
  List<String> stuck();
}
