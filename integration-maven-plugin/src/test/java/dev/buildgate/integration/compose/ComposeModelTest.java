package dev.buildgate.integration.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.integration.IntegrationConfigException;
import dev.buildgate.integration.stack.StackConfig;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered compose file is kept between builds while what it is made of is unchanged. */
class ComposeModelTest {
  @TempDir Path project;

  ComposeConfig config(List<ServiceOverride> overrides) {
    return new StackConfig(
            project.resolve("target/buildgate/integration"),
            List.of(project.resolve("docker-compose.yaml")),
            null,
            overrides,
            null,
            "it:app",
            null,
            false,
            null,
            null,
            List.of(),
            null,
            null,
            null,
            null,
            40,
            false,
            true,
            "docker",
            Map.of())
        .compose();
  }

  @Test
  void cachedWhileTheInputsAreUnchanged() throws Exception {
    Files.writeString(
        project.resolve("docker-compose.yaml"),
        "services:\n  web:\n    build: ./web\n  db:\n    image: postgres:${PG:-16}\n");
    List<ServiceOverride> ovs =
        List.of(ServiceOverride.builder("web").image("acme/web:ci").build());
    ComposeModel first = ComposeModel.of(config(ovs));
    assertThat(first.images())
        .containsExactly(Map.entry("web", "acme/web:ci"), Map.entry("db", "postgres:${PG:-16}"));
    assertThat(first.built()).isEmpty();
    assertThat(first.rendered().services()).containsExactly("web", "db");
    assertThat(first.rendered().changes()).isNotEmpty();

    // a hit reads the file: prove it by marking the cached text
    Path cache = cacheFile();
    String text = Files.readString(cache);
    int nl = text.indexOf('\n'); // the key's line, then the properties
    Properties p = new Properties();
    p.load(new StringReader(text.substring(nl + 1)));
    p.setProperty("yaml", p.getProperty("yaml") + "# from the cache\n");
    StringWriter w = new StringWriter();
    p.store(w, null);
    Files.writeString(cache, text.substring(0, nl + 1) + w);
    ComposeModel hit = ComposeModel.of(config(ovs));
    assertThat(hit.rendered().yaml()).endsWith("# from the cache\n");
    assertThat(hit.rendered().services()).isEqualTo(first.rendered().services());
    assertThat(hit.rendered().changes()).isEqualTo(first.rendered().changes());
    assertThat(hit.images()).isEqualTo(first.images());

    // another override, or another compose file: rendered again
    ComposeModel other = ComposeModel.of(config(List.of()));
    assertThat(other.rendered().yaml()).doesNotContain("# from the cache");
    assertThat(other.built()).containsExactly("web");
    assertThat(other.images()).containsEntry("web", "it-app-web:buildgate-ci");
    assertThat(other.rendered().builtUnnamed()).containsExactly("web");
    Files.writeString(
        project.resolve("docker-compose.yaml"), "services:\n  db:\n    image: postgres:17\n");
    assertThat(ComposeModel.of(config(List.of())).images())
        .containsExactly(Map.entry("db", "postgres:17"));
  }

  @Test
  void invalidInputs_areNeverCached() throws Exception {
    Files.writeString(project.resolve("docker-compose.yaml"), "services:\n  db:\n    image: pg\n");
    List<ServiceOverride> bad = List.of(ServiceOverride.builder("nope").drop().build());
    assertThatThrownBy(() -> ComposeModel.of(config(bad)))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessageContaining("no such service");
    assertThatThrownBy(() -> ComposeModel.of(config(bad)))
        .isInstanceOf(IntegrationConfigException.class);
    assertThat(cacheFile()).doesNotExist();
    Files.delete(project.resolve("docker-compose.yaml"));
    assertThatThrownBy(() -> ComposeModel.of(config(List.of())))
        .isInstanceOf(IntegrationConfigException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void theCacheAndTheRenderedFileHoldNoOverrideEnvironmentValue() throws Exception {
    Files.writeString(project.resolve("docker-compose.yaml"), "services:\n  web:\n    image: x\n");
    ComposeModel m =
        ComposeModel.of(
            config(List.of(ServiceOverride.builder("web").env("TOKEN", "t0p-s3cret-1").build())));
    assertThat(m.rendered().yaml()).contains("${BUILDGATE_ENV_1_TOKEN}").doesNotContain("t0p");
    Path cache = cacheFile();
    assertThat(Files.readString(cache)).doesNotContain("t0p-s3cret");
    String before = Files.readString(cache);
    // another value renders the same file: the cache (keyed without the values) still holds
    ComposeModel.of(
        config(List.of(ServiceOverride.builder("web").env("TOKEN", "t0p-s3cret-2").build())));
    assertThat(Files.readString(cache)).isEqualTo(before);
  }

  private Path cacheFile() {
    return project.resolve("target/buildgate/integration/" + ComposeModel.CACHE_KEY + ".cache");
  }
}
