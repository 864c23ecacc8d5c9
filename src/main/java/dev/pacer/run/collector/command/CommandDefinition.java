package dev.pacer.run.collector.command;

import dev.pacer.config.Config;
import dev.pacer.config.Validated;
import java.util.ArrayList;
import java.util.List;

/** One declared command: its argument vector and where it runs. */
public final class CommandDefinition implements Validated {
  private String command = "";
  private String directory = "";

  public String getCommand() {
    return command;
  }

  @Config(
      value = "command",
      description =
          "The program and its arguments, split at blanks; '...' or \"...\" keep blanks in one"
              + " argument. No shell unless you name one (sh -c '...')")
  public void setCommand(String command) {
    this.command = command;
  }

  public String getDirectory() {
    return directory;
  }

  @Config(value = "directory", description = "Working directory; empty: the Pacer directory")
  public void setDirectory(String directory) {
    this.directory = directory;
  }

  /** The argument vector, as the process gets it. */
  public List<String> argv() {
    return split(command);
  }

  /** Splits at blanks outside quotes; no escapes, no expansion of any kind. */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : line.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unbalanced " + quote + " in " + line);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  @Override
  public void validate(List<String> problems) {
    try {
      if (argv().isEmpty()) {
        problems.add("command: is required");
      }
    } catch (IllegalArgumentException e) {
      problems.add("command: " + e.getMessage());
    }
  }
}
