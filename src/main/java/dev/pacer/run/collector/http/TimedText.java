package dev.pacer.run.collector.http;

/**
 * A body that a regular expression may read until a deadline. The http client's few threads do the
 * matching, so a pattern that backtracks without end, such as {@code (.*x){12}y}, must not keep one
 * of them for good.
 */
final class TimedText implements CharSequence {
  /** The deadline passed while a pattern read the text. */
  static final class OutOfTime extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfTime() {
      super(null, null, false, false);
    }
  }

  private final String text;
  private final long deadline;
  private int reads;

  /**
   * @param deadline in {@link System#nanoTime()}'s terms
   */
  TimedText(String text, long deadline) {
    this.text = text;
    this.deadline = deadline;
  }

  @Override
  public char charAt(int index) {
    if ((++reads & 0xFFFF) == 0 && System.nanoTime() - deadline > 0) {
      throw new OutOfTime();
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return text.subSequence(start, end);
  }

  @Override
  public String toString() {
    return text;
  }
}
