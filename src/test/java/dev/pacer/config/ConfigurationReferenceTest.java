package dev.pacer.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.node.PacerConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shipped configuration file and the README document every key with its real default. */
class ConfigurationReferenceTest {
  @Test
  void propertiesFileListsEveryKeyWithItsDefault() throws Exception {
    String file = Files.readString(Path.of("conf/pacer.properties"));
    for (ConfigKey key : PacerConfigs.loader().keys()) {
      String line =
          "#" + key.key() + " =" + (key.defaultValue().isEmpty() ? "" : " " + key.defaultValue());
      assertThat(file).as(key.key()).containsPattern("(?m)^" + Pattern.quote(line) + "$");
    }
  }

  @Test
  void readmeListsEveryKeyItsVariableAndDefault() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    for (ConfigKey key : PacerConfigs.loader().keys()) {
      assertThat(readme)
          .as(key.key())
          .contains("`" + key.key() + "`")
          .contains("`" + key.environmentVariable() + "`")
          .contains(key.defaultValue().isEmpty() ? "" : "`" + key.defaultValue() + "`");
    }
  }

  @Test
  void propertiesFileAndReadmeDocumentEveryFamilyMember() throws Exception {
    String file = Files.readString(Path.of("conf/pacer.properties"));
    String readme = Files.readString(Path.of("README.md"));
    for (FamilyKey family : PacerConfigs.loader().families()) {
      for (ConfigKey member : family.members()) {
        String pattern = family.pattern(member);
        String defaultValue = member.defaultValue();
        String line = "#" + pattern + " =" + (defaultValue.isEmpty() ? "" : " " + defaultValue);
        assertThat(file).as(pattern).containsPattern("(?m)^" + Pattern.quote(line) + "$");
        assertThat(readme)
            .as(pattern)
            .contains("`" + pattern + "`")
            .contains("`" + family.environmentPattern(member) + "`");
      }
    }
  }

  @Test
  void shippedFileLoadsWithoutProblems() {
    PacerConfigs.loader()
        .load(ConfigLoader.readFile(Path.of("conf/pacer.properties")), java.util.Map.of());
  }
}
