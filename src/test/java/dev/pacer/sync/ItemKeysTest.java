package dev.pacer.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ItemKeysTest {
  @Test
  void jobNamesAreShortAsciiAndDistinctForDistinctNames() {
    String longKorean = "가".repeat(255);

    assertThat(ItemKeys.jobName(longKorean)).hasSize(34).matches("i-[0-9a-f]{32}");
    assertThat(ItemKeys.jobName("Item")).isNotEqualTo(ItemKeys.jobName("item"));
    assertThat(ItemKeys.jobName("item ")).isNotEqualTo(ItemKeys.jobName("item"));
    assertThat(ItemKeys.jobName("item")).isEqualTo(ItemKeys.jobName("item"));
  }
}
