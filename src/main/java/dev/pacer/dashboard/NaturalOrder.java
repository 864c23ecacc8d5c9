package dev.pacer.dashboard;

import java.util.Comparator;

/**
 * Names in the order people read them: {@code item2} before {@code item10}, {@code Disk} beside
 * {@code disk}. Runs of ASCII digits compare as numbers, other characters ignoring case; names that
 * still tie (like {@code a01} and {@code a1}) fall back to their plain order, so only equal names
 * compare as equal.
 */
final class NaturalOrder implements Comparator<String> {
  static final NaturalOrder INSTANCE = new NaturalOrder();

  private NaturalOrder() {}

  @Override
  public int compare(String a, String b) {
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
        int byChar =
            Character.compare(
                Character.toLowerCase(a.charAt(i)), Character.toLowerCase(b.charAt(j)));
        if (byChar != 0) {
          return byChar;
        }
        i++;
        j++;
      }
    }
    int byRest = Integer.compare(a.length() - i, b.length() - j);
    return byRest != 0 ? byRest : a.compareTo(b);
  }

  /** Two runs of digits without leading zeros: the longer is the larger number. */
  private static int compareNumbers(String a, int i, int endA, String b, int j, int endB) {
    int byLength = Integer.compare(endA - i, endB - j);
    if (byLength != 0) {
      return byLength;
    }
    for (; i < endA; i++, j++) {
      int byDigit = Character.compare(a.charAt(i), b.charAt(j));
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
    int first = from;
    while (first < end - 1 && s.charAt(first) == '0') {
      first++;
    }
    return first;
  }
}
