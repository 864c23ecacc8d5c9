package dev.pacer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.pacer.overview.Json;
import java.io.PrintWriter;

/** JSON for {@code --json}: one document, pretty-printed, so it suits jq and people alike. */
final class Output {
  private Output() {}

  static void json(PrintWriter out, Object value) {
    try {
      out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(value));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
