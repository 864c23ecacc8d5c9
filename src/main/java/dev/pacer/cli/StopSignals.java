package dev.pacer.cli;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops the node on SIGTERM and Ctrl-C before the JVM's shutdown hooks run: the embedded H2
 * database closes itself in one of them, while a stopping node still needs it to record its last
 * runs and leave the cluster. A second signal exits at once. Uses {@code sun.misc.Signal}
 * reflectively (it is unsupported API); where it is missing the node's shutdown hook remains.
 */
final class StopSignals {
  private StopSignals() {}

  static void onStop(Runnable stop) {
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable onSignal =
        () -> {
          if (stopping.compareAndSet(false, true)) {
            Thread thread = new Thread(stop, "pacer-stop");
            // The signal thread has none; Quartz builds connection proxies with this one.
            thread.setContextClassLoader(StopSignals.class.getClassLoader());
            thread.start();
          } else {
            System.exit(1);
          }
        };
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      InvocationHandler calls =
          (proxy, method, args) -> {
            if (method.getName().equals("handle")) {
              onSignal.run();
            }
            return switch (method.getName()) {
              case "equals" -> proxy == args[0];
              case "hashCode" -> System.identityHashCode(proxy);
              case "toString" -> "pacer stop signal handler";
              default -> null;
            };
          };
      Object proxy =
          Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler}, calls);
      Method handle = signal.getMethod("handle", signal, handler);
      for (String name : List.of("TERM", "INT")) {
        handle.invoke(null, signal.getConstructor(String.class).newInstance(name), proxy);
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // the shutdown hook still stops the node, concurrently with the others
    }
  }
}
