package dev.pacer.run.collector.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves host names off the caller's thread. Java has no non-blocking name lookup, so lookups run
 * on a few threads of their own (started when needed, gone when idle), and the runs that want a
 * name already being looked up wait for that one lookup: a resolver that hangs holds a thread for
 * each name it hangs on, not for each run. An address literal needs no lookup.
 */
public final class HostLookup implements AutoCloseable {
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

  /** Looks a name up, blocking; {@link InetAddress#getByName} but in tests. */
  interface Resolver {
    InetAddress resolve(String name) throws UnknownHostException;
  }

  private final Resolver resolver;
  private final ThreadPoolExecutor threads;
  private final ConcurrentHashMap<String, CompletableFuture<InetAddress>> inFlight =
      new ConcurrentHashMap<>();

  /**
   * @param threadNames the prefix of the lookup threads' names
   * @param cap how many names may be looked up at once
   */
  public HostLookup(String threadNames, int cap) {
    this(threadNames, cap, InetAddress::getByName);
  }

  HostLookup(String threadNames, int cap, Resolver resolver) {
    this.resolver = resolver;
    threads =
        new ThreadPoolExecutor(
            cap,
            cap,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            DaemonThreads.named(threadNames));
    threads.allowCoreThreadTimeOut(true);
  }

  /**
   * @param host a name or an address, an IPv6 address with or without its brackets
   * @return the host's address; fails with {@link UnknownHostException} if it has none. Each caller
   *     gets a future of its own: cancelling it leaves the lookup to the others.
   */
  public CompletableFuture<InetAddress> resolve(String host) {
    String name =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (name.contains(":") || IPV4.matcher(name).matches()) {
      return literal(name);
    }
    CompletableFuture<InetAddress> started = new CompletableFuture<>();
    CompletableFuture<InetAddress> lookup = inFlight.putIfAbsent(name, started);
    if (lookup == null) {
      lookup = started;
      started.whenComplete((address, error) -> inFlight.remove(name, started));
      try {
        threads.execute(() -> lookUp(name, started));
      } catch (RejectedExecutionException e) {
        started.completeExceptionally(e);
      }
    }
    return lookup.thenApply(Function.identity());
  }

  /** Parsed, not looked up: {@link InetAddress#getByName} resolves nothing for an address. */
  private static CompletableFuture<InetAddress> literal(String address) {
    try {
      return CompletableFuture.completedFuture(InetAddress.getByName(address));
    } catch (UnknownHostException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void lookUp(String name, CompletableFuture<InetAddress> address) {
    try {
      address.complete(resolver.resolve(name));
    } catch (UnknownHostException | RuntimeException e) {
      address.completeExceptionally(e);
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
