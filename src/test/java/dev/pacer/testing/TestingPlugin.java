package dev.pacer.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a collector plug-in jar at test time, as an operator would: compiles one Java source
 * against Pacer's classes and lists the class in {@code META-INF/services}.
 */
public final class TestingPlugin {
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+);");
  private static final Pattern CLASS = Pattern.compile("(?m)^public\\s+final\\s+class\\s+(\\w+)");

  private TestingPlugin() {}

  /** Compiles {@code source} into {@code directory/<class>.jar}; returns the jar. */
  public static Path jar(Path directory, String source) throws IOException {
    String className = qualifiedName(source);
    Path work = Files.createTempDirectory(directory, "plugin-");
    Path java =
        work.resolve("src").resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, source);
    Path classes = Files.createDirectories(work.resolve("classes"));
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    int status =
        compiler.run(
            null,
            null,
            null,
            "--release",
            "17",
            "-cp",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            java.toString());
    if (status != 0) {
      throw new IllegalStateException("the plug-in source does not compile:\n" + source);
    }
    Path jar = directory.resolve(className + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      List<Path> classFiles = new ArrayList<>(files.filter(Files::isRegularFile).toList());
      for (Path file : classFiles) {
        out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/dev.pacer.run.collector.Collector"));
      write(out, className + "\n");
      out.closeEntry();
    }
    return jar;
  }

  /** The first {@code java} code block of a Markdown file that holds a whole source file. */
  public static String javaBlock(Path markdown) throws IOException {
    return javaBlock(markdown, "\\w+");
  }

  /** The {@code java} code block of a Markdown file that declares this public final class. */
  public static String javaBlock(Path markdown, String className) throws IOException {
    Matcher block =
        Pattern.compile(
                "(?s)```java\\n(package (?:(?!```).)*?^public final class "
                    + className
                    + "\\b.*?)```",
                Pattern.MULTILINE)
            .matcher(Files.readString(markdown));
    if (!block.find()) {
      throw new IllegalStateException(
          "no ```java block with a package and class " + className + " in " + markdown);
    }
    return block.group(1);
  }

  private static String qualifiedName(String source) {
    Matcher pkg = PACKAGE.matcher(source);
    Matcher type = CLASS.matcher(source);
    if (!pkg.find() || !type.find()) {
      throw new IllegalArgumentException("needs a package and a public final class");
    }
    return pkg.group(1) + "." + type.group(1);
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
  }
}
