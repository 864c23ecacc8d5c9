package dev.pacer.run.collector.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Name lookups off the caller's thread: against the machine's resolver, and against one that hangs
 * until the test lets it answer (a resolver that hangs cannot be had for real in a test).
 */
class HostLookupTest {
  private final CountDownLatch answer = new CountDownLatch(1);
  private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
  private final List<HostLookup> opened = new ArrayList<>();

  @AfterEach
  void close() {
    answer.countDown();
    opened.forEach(HostLookup::close);
  }

  @Test
  void resolvesNamesWithTheMachinesResolver() throws Exception {
    HostLookup lookup = open(new HostLookup("test-lookup-", 2));

    assertThat(lookup.resolve("localhost").get(10, TimeUnit.SECONDS).isLoopbackAddress()).isTrue();
    assertThatThrownBy(() -> lookup.resolve("no-such-host.invalid").get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasRootCauseInstanceOf(UnknownHostException.class);
  }

  @Test
  void addressesAreNeverLookedUp() throws Exception {
    HostLookup lookup = open(hangingOn(Set.of(), 1));

    assertThat(lookup.resolve("127.0.0.1").getNow(null))
        .isEqualTo(InetAddress.getLoopbackAddress());
    assertThat(lookup.resolve("[::1]").getNow(null).isLoopbackAddress()).isTrue();
    assertThat(lookup.resolve("::1").getNow(null).isLoopbackAddress()).isTrue();
    assertThat(lookups).isEmpty();
  }

  @Test
  void runsWantingTheSameNameShareOneLookup() throws Exception {
    HostLookup lookup = open(hangingOn(Set.of("db.example"), 4));
    List<CompletableFuture<InetAddress>> addresses = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      addresses.add(lookup.resolve("db.example"));
    }
    addresses.get(0).cancel(true); // one run gives up: the others still get the answer

    assertThat(addresses.subList(1, 100)).noneMatch(CompletableFuture::isDone);
    answer.countDown();
    for (CompletableFuture<InetAddress> address : addresses.subList(1, 100)) {
      assertThat(address.get(10, TimeUnit.SECONDS).getHostName()).isEqualTo("db.example");
    }
    assertThat(lookups.get("db.example")).hasValue(1);
  }

  @Test
  void aNameThatHangsHoldsOneThreadNotOnePerRun() throws Exception {
    HostLookup lookup = open(hangingOn(Set.of("hung.example"), 2));
    List<CompletableFuture<InetAddress>> hung = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      hung.add(lookup.resolve("hung.example"));
    }

    // The second of the two threads is free for another name, however many runs wait for the first.
    CompletableFuture<InetAddress> other = lookup.resolve("other.example");

    assertThat(other.get(10, TimeUnit.SECONDS).getHostName()).isEqualTo("other.example");
    assertThat(hung).noneMatch(CompletableFuture::isDone);
  }

  private HostLookup open(HostLookup lookup) {
    opened.add(lookup);
    return lookup;
  }

  /**
   * A resolver that answers {@code name}/10.0.0.1: at once, or for the names in {@code hanging}
   * once the test lets it.
   */
  private HostLookup hangingOn(Set<String> hanging, int cap) {
    return new HostLookup(
        "test-lookup-",
        cap,
        name -> {
          lookups.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
          if (hanging.contains(name)) {
            try {
              answer.await();
            } catch (InterruptedException e) {
              throw new UnknownHostException("interrupted");
            }
          }
          return InetAddress.getByAddress(name, new byte[] {10, 0, 0, 1});
        });
  }
}
