package dev.pacer.history;

/** Item names are user data: they may hold any character, including ones that break a log line. */
public final class ItemNames {
  private ItemNames() {}

  /** The name with control characters replaced, safe to put into a log line. */
  public static String printable(String item) {
    StringBuilder out = new StringBuilder(item.length());
    item.codePoints()
        .forEach(
            c -> out.append(Character.isISOControl(c) ? "\\u" + hex(c) : Character.toString(c)));
    return out.toString();
  }

  private static String hex(int c) {
    return String.format("%04x", c);
  }
}
