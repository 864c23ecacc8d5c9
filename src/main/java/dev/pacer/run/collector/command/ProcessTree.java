package dev.pacer.run.collector.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Kills a process and everything it started, which a plain destroy would leave running. */
final class ProcessTree {
  private ProcessTree() {}

  /**
   * Kills the tree and waits (a little) until every process of it is gone: only then has the run
   * ended, and its item may run again without overlapping it.
   */
  static void kill(Process process) {
    if (!process.isAlive()) {
      return;
    }
    // Found first: once the parent is gone, its children belong to init, out of its reach.
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    // Then the parent, so it starts no new children while they die.
    process.destroyForcibly();
    for (ProcessHandle descendant : List.copyOf(tree)) {
      descendant.descendants().forEach(tree::add);
    }
    tree.forEach(ProcessHandle::destroyForcibly);
    tree.add(process.toHandle());
    try {
      CompletableFuture.allOf(
              tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
          .get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // a process that outlives SIGKILL for 5 s is stuck in the kernel; nothing more to do here
    }
  }
}
