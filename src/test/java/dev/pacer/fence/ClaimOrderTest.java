package dev.pacer.fence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.fence.Claims.Claiming;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each slot of an item runs once, whichever of its fires claims it first: a claim is not taken
 * again for the slot and attempt it last named (a group's fire and a one-shot fire of the same
 * slot), nor for an earlier slot, except under catch-up, whose passed-by slots run after later
 * ones. A retry (the next attempt of the slot) and a later slot are claimed.
 */
class ClaimOrderTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  private static final Instant SLOT = Instant.parse("2026-12-06T10:00:00Z");

  @Test
  void aSlotIsClaimedOnceAndEarlierOnesOnlyUnderCatchUp() throws Exception {
    db.clearItemsAndScheduler();
    try (TestingNode node = TestingNode.on(db).start()) {
      Claims claims = node.get(Claims.class);
      List<String> items = List.of("ordered");

      Claiming first = claims.claim(items, SLOT, 1, false, true);
      assertThat(first.granted()).containsOnlyKeys("ordered");
      claims.release(List.of(first.granted().get("ordered").claim()));

      assertThat(passedBy(claims.claim(items, SLOT, 1, false, true)))
          .as("the same fire again")
          .isTrue();
      assertThat(passedBy(claims.claim(items, SLOT.minusSeconds(10), 1, false, true)))
          .as("an earlier slot")
          .isTrue();

      Claiming catchUp = claims.claim(items, SLOT.minusSeconds(10), 1, false, false);
      assertThat(catchUp.granted())
          .as("an earlier slot under catch-up")
          .containsOnlyKeys("ordered");
      claims.release(List.of(catchUp.granted().get("ordered").claim()));
      assertThat(passedBy(claims.claim(items, SLOT.minusSeconds(10), 1, false, false)))
          .as("the same slot under catch-up")
          .isTrue();

      Claiming retry = claims.claim(items, SLOT.minusSeconds(10), 2, false, true);
      assertThat(retry.granted()).as("the slot's next attempt").containsOnlyKeys("ordered");
      claims.release(List.of(retry.granted().get("ordered").claim()));

      Claiming later = claims.claim(items, SLOT.plusSeconds(10), 1, false, true);
      assertThat(later.granted()).as("a later slot").containsOnlyKeys("ordered");
      assertThat(claims.claim(items, SLOT.plusSeconds(20), 1, false, true).granted())
          .as("a slot while its run holds the item")
          .isEmpty();
    }
  }

  private static boolean passedBy(Claiming claiming) {
    return claiming.granted().isEmpty() && claiming.passed().contains("ordered");
  }
}
