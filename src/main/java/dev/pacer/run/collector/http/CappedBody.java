package dev.pacer.run.collector.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read as it arrives, without a thread, up to a limit: past it, reading stops (the
 * client closes the connection) and the body holds {@code limit + 1} bytes, so the caller can tell
 * it was cut. A limit of 0 reads nothing of a body that is not wanted at all.
 */
final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
  private final int limit;
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private Flow.Subscription subscription;

  CappedBody(int limit) {
    this.limit = limit;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer buffer : buffers) {
      int take = Math.min(buffer.remaining(), limit + 1 - bytes.size());
      byte[] chunk = new byte[take];
      buffer.get(chunk);
      bytes.write(chunk, 0, take);
      if (bytes.size() > limit) {
        subscription.cancel();
        body.complete(bytes.toByteArray());
        return;
      }
    }
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(bytes.toByteArray());
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }
}
