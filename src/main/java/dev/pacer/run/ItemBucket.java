package dev.pacer.run;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The run log's {@code item_bucket}: which of {@value #BUCKETS} buckets an item's runs are filed
 * under, {@code CRC32(item) & 511} in MySQL's terms (the CRC32 of the name's UTF-8 bytes). The run
 * log's only index that finds an item's runs is led by the bucket, then the time: its new rows go
 * to one place per bucket, not one per item, so what the database must keep in memory to go on
 * inserting does not grow with the items (docs/performance.md, "The run log at scale").
 */
public final class ItemBucket {
  public static final int BUCKETS = 512;

  private ItemBucket() {}

  public static int of(String item) {
    CRC32 crc = new CRC32();
    crc.update(item.getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() & (BUCKETS - 1));
  }
}
