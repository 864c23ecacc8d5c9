package dev.pacer.run.collector.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file collector on real files. */
class FileCollectorTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path directory;
  private final FileCollector collector = new FileCollector(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void measuresSizeInBytesByDefault() throws Exception {
    Path file = Files.writeString(directory.resolve("a.log"), "héllo\n");

    assertThat(collect(file, Map.of())).isEqualTo(7.0);
    assertThat(collect(file, Map.of("mode", "size"))).isEqualTo(7.0);
    assertThat(collect(Files.createFile(directory.resolve("empty")), Map.of())).isZero();
  }

  @Test
  void measuresAgeInSecondsSinceTheLastModification() throws Exception {
    Path file = Files.writeString(directory.resolve("heartbeat"), "");
    Files.setLastModifiedTime(file, FileTime.from(NOW.minus(Duration.ofMillis(90_500))));

    assertThat(collect(file, Map.of("mode", "age"))).isEqualTo(90.5);
  }

  @Test
  void countsLinesWithOrWithoutAFinalNewline() throws Exception {
    assertThat(collect(Files.writeString(directory.resolve("a"), "1\n2\n3\n"), lines()))
        .isEqualTo(3);
    assertThat(collect(Files.writeString(directory.resolve("b"), "1\n2\n3"), lines())).isEqualTo(3);
    assertThat(collect(Files.writeString(directory.resolve("c"), ""), lines())).isZero();
    assertThat(collect(Files.writeString(directory.resolve("d"), "\n\n"), lines())).isEqualTo(2);
    Path big = directory.resolve("big");
    Files.writeString(big, "x".repeat(100) + "\n");
    for (int i = 0; i < 11; i++) {
      Files.write(big, Files.readAllBytes(big), java.nio.file.StandardOpenOption.APPEND);
    }
    assertThat(collect(big, lines())).isEqualTo(2048);
  }

  @Test
  void aMissingFileOrADirectoryIsAFailure() {
    Path missing = directory.resolve("missing");

    assertThatThrownBy(() -> collect(missing, Map.of()))
        .isInstanceOf(CollectException.class)
        .hasMessage("no such file: " + missing);
    assertThatThrownBy(() -> collect(directory, lines()))
        .isInstanceOf(CollectException.class)
        .hasMessage(directory + " is a directory");
  }

  @Test
  void refusesUnknownModesAndOptions() {
    assertThatThrownBy(() -> collector.check("/tmp/x", Map.of("mode", "mtime")))
        .hasMessage("mode 'mtime' is not size, age or lines");
    assertThatThrownBy(() -> collector.check("/tmp/x", Map.of("unit", "kb")))
        .hasMessage("unknown option 'unit' (known: mode)");
    assertThatThrownBy(() -> collector.check(" ", Map.of()))
        .hasMessage("needs a target: a file path");
  }

  private static Map<String, String> lines() {
    return Map.of("mode", "lines");
  }

  private double collect(Path file, Map<String, String> options) throws Exception {
    return collector.collect(
        new CollectRequest("item", file.toString(), options, Duration.ofSeconds(5)));
  }
}
