package dev.pacer.run.collector.command;

import java.util.List;

/** Kills a process and everything it started, which a plain destroy would leave running. */
final class ProcessTree {
  private ProcessTree() {}

  static void kill(Process process) {
    if (!process.isAlive()) {
      return;
    }
    // Found first: once the parent is gone, its children belong to init, out of its reach.
    List<ProcessHandle> descendants = process.descendants().toList();
    // Then the parent, so it starts no new children while they die.
    process.destroyForcibly();
    for (ProcessHandle descendant : descendants) {
      descendant.descendants().forEach(ProcessHandle::destroyForcibly);
      descendant.destroyForcibly();
    }
  }
}
