package dev.pacer.run.collector.command;

import dev.pacer.history.ItemNames;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a declared command, in a process group of its own and watched from outside the JVM.
 *
 * <p>The JVM starts a small shell, the wrapper, in a session of its own (a Ctrl-C at the node's
 * terminal does not reach it), and the wrapper starts the command through {@code setsid}: the
 * command leads a new process group, which everything it starts joins unless it leaves on purpose.
 * Then:
 *
 * <ul>
 *   <li>when the command exits, the wrapper kills what it left behind in its group, reaps the
 *       command and exits with the command's status;
 *   <li>the wrapper's stdin is a pipe from this JVM that nothing is written to: when it closes,
 *       because the run ends or because the JVM died (even by {@code kill -9}), a watcher in the
 *       wrapper kills the command's group;
 *   <li>at the timeout the JVM also kills every descendant of the wrapper it can see, which catches
 *       a process that left the group (setsid) while its parent still runs.
 * </ul>
 *
 * A process that leaves the group after its parent exited (a daemon's double fork with setsid)
 * escapes all three.
 */
final class CommandProcess implements AutoCloseable {
  /** At most this much of stdout and of stderr is kept; the rest is read and dropped. */
  static final int OUTPUT_LIMIT = 64 * 1024;

  /** How long the end of a run waits for the wrapper, then for the output, after the kill. */
  private static final Duration GRACE = Duration.ofSeconds(2);

  private static final Logger log = LoggerFactory.getLogger(CommandProcess.class);

  /**
   * The wrapper: {@code $1} is setsid, the rest the command. Its stdin (fd 3 once moved) is the
   * JVM's pipe; the command gets /dev/null. The watcher's output goes to /dev/null so that it holds
   * no end of the command's output pipes.
   */
  private static final String WRAPPER =
      """
      setsid=$1; shift
      exec 3<&0 </dev/null
      "$setsid" "$@" 3<&- &
      group=$!
      { read -r line <&3; kill -KILL -"$group"; } >/dev/null 2>&1 &
      watcher=$!
      exec 3<&-
      wait "$group" 2>/dev/null
      status=$?
      { kill -KILL -"$group"; kill "$watcher"; wait "$watcher"; } 2>/dev/null
      exit "$status"
      """;

  private final String name;
  private final Process process;
  private final CappedOutput stdout;
  private final CappedOutput stderr;
  private boolean closed;

  private CommandProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.stdout = CappedOutput.drain(process.getInputStream(), OUTPUT_LIMIT, "pacer-stdout");
    this.stderr = CappedOutput.drain(process.getErrorStream(), OUTPUT_LIMIT, "pacer-stderr");
  }

  /**
   * @param name the command's name in the configuration, for the log
   * @param setsid the setsid program
   * @param environment the command's whole environment
   */
  static CommandProcess start(
      String name, Path setsid, List<String> argv, Path directory, Map<String, String> environment)
      throws IOException {
    List<String> command = new ArrayList<>();
    // -w: should setsid have to fork, it still exits with the wrapper's status.
    command.addAll(List.of(setsid.toString(), "-w", "/bin/sh", "-c", WRAPPER, "pacer-command"));
    command.add(setsid.toString());
    command.addAll(argv);
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    return new CommandProcess(name, builder.start());
  }

  /**
   * Waits for the command to exit; then, or at the timeout, or when interrupted, kills its process
   * tree.
   *
   * @return its exit status and output, or empty at the timeout
   */
  Optional<Exit> await(Duration timeout) throws InterruptedException {
    boolean exited;
    try {
      exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      close();
    }
    return exited
        ? Optional.of(new Exit(process.exitValue(), stdout.text(), stderr.text()))
        : Optional.empty();
  }

  /** Kills whatever still runs; waits a little for the wrapper and the output to end. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    boolean interrupted = Thread.interrupted();
    try {
      // Found first: once a parent is gone, its children are out of reach.
      List<ProcessHandle> descendants =
          process.isAlive() ? process.descendants().toList() : List.of();
      closeQuietly(process.getOutputStream()); // the watcher kills the group
      descendants.forEach(ProcessHandle::destroyForcibly);
      if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
      long deadline = System.nanoTime() + GRACE.toNanos();
      boolean ended =
          stdout.awaitEnd(GRACE)
              & stderr.awaitEnd(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (!ended) {
        log.warn(
            "Command {} left a process running outside its process group (it called setsid or"
                + " setpgid) that holds its output open; stopped reading it after {} s",
            ItemNames.printable(name),
            GRACE.toSeconds());
      }
    } catch (InterruptedException e) {
      interrupted = true; // the kill is done; only the waiting is cut short
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException e) {
      // The wrapper is gone already: nothing left to tell.
    }
  }

  /** A command's exit status and the start of its output. */
  record Exit(int status, String stdout, String stderr) {}
}
