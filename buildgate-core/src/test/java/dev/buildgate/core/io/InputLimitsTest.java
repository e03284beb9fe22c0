package dev.buildgate.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

class InputLimitsTest {

  @Test
  void deepJsonIsRefusedByTheSharedFactoryAndMapper() throws Exception {
    String deep = "[".repeat(InputLimits.MAX_NESTING_DEPTH + 1) + "]".repeat(201);
    assertThatThrownBy(
            () -> {
              try (JsonParser p = InputLimits.jsonFactory().createParser(deep)) {
                while (p.nextToken() != null) {
                  // read it all
                }
              }
            })
        .isInstanceOf(StreamConstraintsException.class)
        .hasMessageContaining("nesting depth");
    assertThatThrownBy(() -> InputLimits.jsonMapper().readTree(deep))
        .isInstanceOf(StreamConstraintsException.class);
    String ok = "[".repeat(50) + "]".repeat(50);
    assertThat(InputLimits.jsonMapper().readTree(ok).isArray()).isTrue();
  }

  @Test
  void yamlLoaderOptionsBoundAliasesAndNesting() {
    StringBuilder aliases = new StringBuilder("a: &a [1]\nb: [");
    for (int i = 0; i <= InputLimits.MAX_YAML_ALIASES; i++) {
      aliases.append(i == 0 ? "" : ", ").append("*a");
    }
    aliases.append("]\n");
    assertThatThrownBy(() -> yaml().load(aliases.toString()))
        .isInstanceOf(YAMLException.class)
        .hasMessageContaining("aliases");
    String deep = "x: " + "[".repeat(InputLimits.MAX_NESTING_DEPTH + 1) + "]".repeat(201);
    assertThatThrownBy(() -> yaml().load(deep)).isInstanceOf(YAMLException.class);
  }

  @Test
  void expansionCountsSharedNodesOncePerReferenceWithoutExpandingThem() {
    List<Object> level = List.of("lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol");
    for (int i = 0; i < 8; i++) {
      List<Object> next = new ArrayList<>();
      for (int k = 0; k < 9; k++) {
        next.add(level); // the same list, as SnakeYAML builds an alias
      }
      level = next;
    }
    Object bomb = Map.of("services", Map.of("web", Map.of("command", level)));
    long start = System.nanoTime();
    assertThatThrownBy(() -> InputLimits.checkExpansion(bomb))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("its anchors and aliases expand to more than 1000000 values (an alias bomb?)");
    assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    InputLimits.checkExpansion(Map.of("services", Map.of("web", Map.of("image", "x"))));
  }

  @Test
  void aRecursiveAliasIsRefused() {
    Object doc = yaml().load("a: &a [1, *a]\n");
    assertThatThrownBy(() -> InputLimits.checkExpansion(doc))
        .hasMessageContaining("refers to a node that contains it");
  }

  @Test
  void oneLineKeepsTheFirstLine() {
    assertThat(InputLimits.oneLine("first\n at [Source: x]")).isEqualTo("first");
  }

  private static Yaml yaml() {
    return new Yaml(new SafeConstructor(InputLimits.yamlLoaderOptions()));
  }
}
