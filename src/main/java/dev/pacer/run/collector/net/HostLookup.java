package dev.pacer.run.collector.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Resolves host names off the caller's thread. Java has no non-blocking name lookup, so lookups run
 * on a few threads of their own (started when needed, gone when idle): a resolver that hangs delays
 * the lookups of other names, never the collections that already have their address. An address
 * literal needs no lookup and is answered at once.
 */
public final class HostLookup implements AutoCloseable {
  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1?\\d?\\d)");

  private final ThreadPoolExecutor threads;

  /**
   * @param threadNames the prefix of the lookup threads' names
   * @param cap how many lookups may run at once
   */
  public HostLookup(String threadNames, int cap) {
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
   * @return the host's address; fails with {@link UnknownHostException} if it has none. Cancelling
   *     it skips a lookup that has not started yet.
   */
  public CompletableFuture<InetAddress> resolve(String host) {
    String name =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    CompletableFuture<InetAddress> address = new CompletableFuture<>();
    if (name.contains(":") || IPV4.matcher(name).matches()) {
      lookUp(name, address); // parsed, not looked up
      return address;
    }
    try {
      threads.execute(
          () -> {
            if (!address.isDone()) {
              lookUp(name, address);
            }
          });
    } catch (RejectedExecutionException e) {
      address.completeExceptionally(e);
    }
    return address;
  }

  private static void lookUp(String name, CompletableFuture<InetAddress> address) {
    try {
      address.complete(InetAddress.getByName(name));
    } catch (UnknownHostException | RuntimeException e) {
      address.completeExceptionally(e);
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
