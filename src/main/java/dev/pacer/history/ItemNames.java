package dev.pacer.history;

import java.util.Comparator;

/** Item names are user data: they may hold any character, including ones that break a log line. */
public final class ItemNames {
  /**
   * The order people expect of names that number things: item2 before item10, disk-9 before
   * disk-10. Runs of ASCII digits compare as numbers, everything else as {@link String} does; names
   * equal that way (item01, item1) fall back to plain string order, so no two names tie.
   */
  public static final Comparator<String> NATURAL_ORDER = ItemNames::compareNaturally;

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

  private static int compareNaturally(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      if (isDigit(a.charAt(i)) && isDigit(b.charAt(j))) {
        int endA = digitsEnd(a, i);
        int endB = digitsEnd(b, j);
        int byNumber =
            compareNumbers(a, skipZeros(a, i, endA), endA, b, skipZeros(b, j, endB), endB);
        if (byNumber != 0) {
          return byNumber;
        }
        i = endA;
        j = endB;
      } else {
        if (a.charAt(i) != b.charAt(j)) {
          return Character.compare(a.charAt(i), b.charAt(j));
        }
        i++;
        j++;
      }
    }
    int byRest = Integer.compare(a.length() - i, b.length() - j);
    return byRest != 0 ? byRest : a.compareTo(b);
  }

  private static int compareNumbers(String a, int fromA, int toA, String b, int fromB, int toB) {
    int byLength = Integer.compare(toA - fromA, toB - fromB);
    if (byLength != 0) {
      return byLength;
    }
    for (int k = 0; k < toA - fromA; k++) {
      int byDigit = Character.compare(a.charAt(fromA + k), b.charAt(fromB + k));
      if (byDigit != 0) {
        return byDigit;
      }
    }
    return 0;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int digitsEnd(String s, int from) {
    int end = from;
    while (end < s.length() && isDigit(s.charAt(end))) {
      end++;
    }
    return end;
  }

  private static int skipZeros(String s, int from, int end) {
    int start = from;
    while (start < end - 1 && s.charAt(start) == '0') {
      start++;
    }
    return start;
  }
}
