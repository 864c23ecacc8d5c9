package dev.pacer.db;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files in sql/ as an operator applies them by hand: versioned files in order, then history.
 */
final class SchemaFiles {
  private static final Pattern CREATE_TABLE = Pattern.compile("(?im)^CREATE TABLE IF NOT EXISTS");

  private SchemaFiles() {}

  static List<File> of(String dialect) throws IOException {
    List<File> files = new ArrayList<>();
    try (Stream<Path> versioned = Files.list(Path.of("sql", dialect))) {
      versioned
          .filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql"))
          .sorted(Comparator.comparingInt(SchemaFiles::version))
          .forEach(p -> files.add(p.toFile()));
    }
    files.add(new File("sql/history.sql"));
    return files;
  }

  static int tablesCreatedBy(String dialect) throws IOException {
    int tables = 0;
    for (File file : of(dialect)) {
      Matcher matcher = CREATE_TABLE.matcher(Files.readString(file.toPath()));
      while (matcher.find()) {
        tables++;
      }
    }
    return tables;
  }

  private static int version(Path file) {
    String name = file.getFileName().toString();
    return Integer.parseInt(name.substring(1, name.indexOf("__")));
  }
}
