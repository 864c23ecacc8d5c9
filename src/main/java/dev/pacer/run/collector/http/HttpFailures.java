package dev.pacer.run.collector.http;

import dev.pacer.run.collector.CollectException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * Says why a request failed the way the tcp collector does, naming the host, the port and the
 * reason: Java's HTTP client often throws a bare {@code ConnectException} with no message.
 */
final class HttpFailures {
  /** The longest a second connect may take to learn why the client's connect failed. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private HttpFailures() {}

  /**
   * Why the exchange failed: a {@link CollectException} naming the endpoint, or the error itself if
   * it is not the network's (a bug, a rejected task). A refused connection whose reason the client
   * lost is connected to once more to learn it.
   *
   * @param connectAgain connects to the endpoint again, waiting at most the given time, without
   *     holding a thread
   */
  static CompletableFuture<Throwable> describe(
      Throwable failure,
      URI uri,
      Duration timeout,
      Function<Duration, CompletableFuture<Duration>> connectAgain) {
    Throwable e = unwrap(failure);
    if (e instanceof CollectException || !(e instanceof IOException io)) {
      return CompletableFuture.completedFuture(e);
    }
    CollectException known = describeNow(io, uri, timeout);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    Duration wait = timeout.compareTo(PROBE_TIMEOUT) < 0 ? timeout : PROBE_TIMEOUT;
    return connectAgain
        .apply(wait)
        .handle(
            (took, error) ->
                new CollectException(
                    "cannot connect to " + endpoint(uri) + ": " + probeOutcome(error), e));
  }

  /** The failure, or null for a refused connection that gave no reason. */
  private static CollectException describeNow(IOException e, URI uri, Duration timeout) {
    String endpoint = endpoint(uri);
    long millis = timeout.toMillis();
    if (e instanceof HttpConnectTimeoutException) {
      // For https the handshake is part of the connection: a plain-http server never answers it.
      String what = isHttps(uri) ? " (connect and TLS handshake)" : "";
      return new CollectException(
          "no connection to " + endpoint + " within " + millis + " ms" + what, e);
    }
    if (e instanceof HttpTimeoutException) {
      return new CollectException("no response from " + endpoint + " within " + millis + " ms", e);
    }
    if (find(e, UnresolvedAddressException.class) != null
        || find(e, UnknownHostException.class) != null) {
      return new CollectException("unknown host " + uri.getHost(), e);
    }
    SSLException tls = find(e, SSLException.class);
    if (tls != null) {
      return new CollectException("TLS with " + endpoint + " failed: " + message(tls), e);
    }
    if (find(e, ConnectException.class) != null) {
      String reason = deepestMessage(e);
      return reason == null
          ? null
          : new CollectException("cannot connect to " + endpoint + ": " + reason, e);
    }
    return new CollectException("request to " + endpoint + " failed: " + message(e), e);
  }

  private static String endpoint(URI uri) {
    return uri.getHost() + ":" + port(uri);
  }

  static int port(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return isHttps(uri) ? 443 : 80;
  }

  private static boolean isHttps(URI uri) {
    return uri.getScheme().toLowerCase(Locale.ROOT).equals("https");
  }

  /**
   * Java 17's client retries a refused connect on the closed channel and reports only that, so the
   * reason is learnt by connecting once more ("Connection refused", "No route to host").
   */
  private static String probeOutcome(Throwable failure) {
    Throwable error = unwrap(failure);
    if (error == null) {
      return "connection failed (it accepts connections again)";
    }
    return error instanceof SocketTimeoutException ? "no answer" : message(error);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static <T extends Throwable> T find(Throwable error, Class<T> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }

  private static String deepestMessage(Throwable error) {
    String message = null;
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        message = cause.getMessage();
      }
    }
    return message;
  }

  /** Its message without the class names the JDK nests in it, or its class name. */
  private static String message(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      return error.getClass().getSimpleName();
    }
    return message.replaceAll("\\b(?:[a-z]\\w*\\.)+[A-Z]\\w*(?:Exception|Error): ", "");
  }
}
