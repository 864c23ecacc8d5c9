package dev.pacer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {
  @Test
  void numbersInNamesCompareAsNumbers() {
    assertThat(sorted("item10", "item2", "item1", "item100", "item20"))
        .containsExactly("item1", "item2", "item10", "item20", "item100");
    assertThat(sorted("db-10-disk", "db-9-disk", "db-9-cpu"))
        .containsExactly("db-9-cpu", "db-9-disk", "db-10-disk");
    assertThat(sorted("99999999999999999999999", "100000000000000000000000", "7"))
        .as("longer than a long")
        .containsExactly("7", "99999999999999999999999", "100000000000000000000000");
  }

  @Test
  void caseAndLeadingZerosOnlyBreakTies() {
    assertThat(sorted("disk", "Disk", "cpu", "Etc")).containsExactly("cpu", "Disk", "disk", "Etc");
    assertThat(sorted("a1", "a01", "a001", "a2")).containsExactly("a001", "a01", "a1", "a2");
    assertThat(sorted("item", "item1", "ite")).containsExactly("ite", "item", "item1");
  }

  @Test
  void onlyEqualNamesCompareEqualAndTheOrderIsConsistent() {
    Random random = new Random(42);
    List<String> names = new ArrayList<>();
    String alphabet = "aA0119z-._";
    for (int i = 0; i < 300; i++) {
      StringBuilder name = new StringBuilder();
      for (int j = random.nextInt(6); j >= 0; j--) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      names.add(name.toString());
    }
    NaturalOrder order = NaturalOrder.INSTANCE;
    for (String a : names) {
      for (String b : names) {
        int ab = Integer.signum(order.compare(a, b));
        assertThat(ab).as(a + " vs " + b).isEqualTo(-Integer.signum(order.compare(b, a)));
        assertThat(ab == 0).as(a + " vs " + b).isEqualTo(a.equals(b));
      }
    }
    List<String> once = new ArrayList<>(names);
    once.sort(order);
    Collections.shuffle(names, random);
    names.sort(order);
    assertThat(names).isEqualTo(once);
  }

  private static List<String> sorted(String... names) {
    List<String> list = new ArrayList<>(List.of(names));
    list.sort(NaturalOrder.INSTANCE);
    return list;
  }
}
