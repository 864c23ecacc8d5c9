package dev.pacer.health;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** The problems of every {@link Readiness} and {@link Liveness} the features contributed. */
@Singleton
public final class Probes {
  private final List<Readiness> readiness;
  private final List<Liveness> liveness;

  @Inject
  public Probes(Set<Readiness> readiness, Set<Liveness> liveness) {
    this.readiness = List.copyOf(requireNonNull(readiness));
    this.liveness = List.copyOf(requireNonNull(liveness));
  }

  /** Why this node cannot do its work now; empty when it is ready. */
  public List<String> notReady() {
    List<String> problems = new ArrayList<>();
    readiness.forEach(condition -> collect(condition, condition::problems, problems));
    return problems;
  }

  /** Which of its loops are stuck; empty when it is live. */
  public List<String> stuck() {
    List<String> problems = new ArrayList<>();
    liveness.forEach(loop -> collect(loop, loop::stuck, problems));
    return problems;
  }

  /** A condition that throws counts as a problem, not as a failed probe. */
  private static void collect(Object source, Supplier<List<String>> check, List<String> into) {
    try {
      into.addAll(check.get());
    } catch (RuntimeException e) {
      into.add(source.getClass().getSimpleName() + ": " + e);
    }
  }
}
