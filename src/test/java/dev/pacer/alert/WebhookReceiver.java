package dev.pacer.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP server on loopback that keeps every JSON body POSTed to it. */
final class WebhookReceiver implements AutoCloseable {
  private final HttpServer server;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();

  WebhookReceiver() throws IOException {
    ObjectMapper json = new ObjectMapper();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    server.createContext(
        "/hook",
        exchange -> {
          try (exchange) {
            if (exchange.getRequestMethod().equals("POST")
                && exchange
                    .getRequestHeaders()
                    .getFirst("Content-Type")
                    .equals("application/json")) {
              received.add(json.readTree(exchange.getRequestBody()));
              exchange.sendResponseHeaders(204, -1);
            } else {
              exchange.sendResponseHeaders(400, -1);
            }
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
  }

  /** The alerts received about a subject with a status: "firing" or "resolved". */
  List<JsonNode> about(String subject, String status) {
    return received.stream()
        .filter(a -> a.get("subject").asText().equals(subject))
        .filter(a -> a.get("status").asText().equals(status))
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
