package dev.pacer.sync;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Quartz job names for items. Quartz's MySQL key columns hold 190 characters in the database's
 * collation, while an item may have 255 characters in any script and, in a case-sensitive history
 * table, differ from another only in case. A job is therefore named by a hash of the item's exact
 * characters: fixed length, ASCII, distinct for distinct names.
 */
public final class ItemKeys {
  public static final String GROUP = "pacer";

  /** The Quartz job group of the groups' jobs. */
  public static final String GROUPED = "pacer-group";

  private ItemKeys() {}

  public static String jobName(String item) {
    return "i-" + HexFormat.of().formatHex(digest(item), 0, 16);
  }

  /**
   * A stable number per item, to spread items deterministically over time: the job name's first 64
   * bits, which the job store's misfire spread reads the same way.
   */
  public static long spreadSeed(String item) {
    return Long.parseUnsignedLong(jobName(item).substring(2, 18), 16);
  }

  private static byte[] digest(String item) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(item.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
