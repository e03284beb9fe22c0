package dev.buildgate.docs.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.exec.ToolRunner;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.docs.openapi.OpenApiOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs:build's settings as written are checked by the builders, one line naming the setting. */
class BuildConfigTest {

  @TempDir Path project;

  private BuildConfig.Builder spec() {
    return BuildConfig.builder()
        .basedir(project)
        .configFile(project.resolve("mkdocs.yml"))
        .docsDir(project.resolve("docs"))
        .workDir(project.resolve("target/buildgate/docs"))
        .siteDir(project.resolve("target/buildgate/docs/site"))
        .stateDir(project.resolve("target/buildgate/state"));
  }

  @Test
  void defaultsWatchTheDocsTheConfigThePomAndTheExtraInputs() throws Exception {
    Files.createDirectories(project.resolve("overrides"));
    BuildConfig c =
        spec()
            .extraInputs(List.of(project.resolve("overrides"), project.resolve("extra.yml")))
            .build();
    assertThat(c.changePaths())
        .containsExactly("docs/**", "mkdocs.yml", "pom.xml", "overrides/**", "extra.yml");
    assertThat(c.openapi()).isNull();
    assertThat(c.generator().kind()).isEqualTo(GeneratorKind.MKDOCS);
    assertThat(c.generator().runner()).isEqualTo(ToolRunner.AUTO);
    assertThat(c.generator().timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(spec().changePaths(List.of("site/**")).build().changePaths())
        .containsExactly("site/**");
  }

  @Test
  void generatorSettingsAreChecked() {
    assertThatThrownBy(() -> spec().generator(GeneratorOptions.builder().kind("hugo")).build())
        .isInstanceOf(GateCannotRunException.class)
        .hasMessage(
            "Unknown <generator> 'hugo' (buildgate.docs.generator): use mkdocs, zensical or"
                + " custom.");
    assertThatThrownBy(() -> spec().generator(GeneratorOptions.builder().runner("pipx")).build())
        .hasMessage(
            "Unknown <generatorRunner> 'pipx' (buildgate.docs.generator.runner): use AUTO, PATH or"
                + " UVX.");
    assertThatThrownBy(() -> spec().generator(GeneratorOptions.builder().runner("image")).build())
        .hasMessage("<generatorRunner> IMAGE is not supported for docs: use AUTO, PATH or UVX.");
    assertThatThrownBy(() -> spec().generator(GeneratorOptions.builder().timeout("0")).build())
        .hasMessageStartingWith("<generatorTimeout> (buildgate.docs.generator.timeout)");
  }

  @Test
  void openApiSettingsAreChecked() throws Exception {
    assertThatThrownBy(() -> spec().openapi(OpenApiOptions.builder().maxSizeMb(0)).build())
        .isInstanceOf(GateCannotRunException.class)
        .hasMessage(
            "<openapiMaxSize> (buildgate.docs.openapi.maxSize) must be a positive number of MB,"
                + " not 0.");
    assertThatThrownBy(
            () ->
                spec()
                    .openapi(
                        OpenApiOptions.builder()
                            .url("http://x/openapi.json")
                            .file(project.resolve("a.json")))
                    .build())
        .hasMessage(
            "Set either <openapiUrl> (buildgate.docs.openapi.url) or <openapiFile>"
                + " (buildgate.docs.openapi.file), not both.");
    assertThatThrownBy(
            () ->
                spec()
                    .openapi(
                        OpenApiOptions.builder()
                            .url("http://x/openapi.json")
                            .servers(Arrays.asList((OpenApiOptions.ServerEntry) null)))
                    .build())
        .hasMessage("Every <openapiServers><server> needs a <url> (e.g. https://api.example.com).");
    assertThatThrownBy(
            () ->
                spec()
                    .openapi(OpenApiOptions.builder().url("http://${integration.api.host}/o.json"))
                    .build())
        .hasMessageStartingWith(
            "<openapiUrl> http://${integration.api.host}/o.json uses the property"
                + " ${integration.api.host}, which is not set: run integration:up");
    assertThatThrownBy(
            () ->
                spec()
                    .openapi(OpenApiOptions.builder().file(project.resolve("a.json")).timeout("x"))
                    .build())
        .hasMessageStartingWith(
            "<openapiTimeout> (buildgate.docs.openapi.timeout) 'x' is not a duration");
  }

  @Test
  void aPropertySetEarlierInTheBuildIsResolvedAndServersAreStripped() throws Exception {
    OpenApiOptions o =
        spec()
            .openapi(
                OpenApiOptions.builder()
                    .url(" http://${host}:${port}/openapi.json ")
                    .attempts(0)
                    .maxSizeMb(2)
                    .servers(
                        List.of(new OpenApiOptions.ServerEntry(" https://api.example.com ", "P")))
                    .properties(Map.of("host", "127.0.0.1", "port", "8080")::get))
            .build()
            .openapi();
    assertThat(o.url()).isEqualTo("http://127.0.0.1:8080/openapi.json");
    assertThat(o.retries()).isZero();
    assertThat(o.maxBytes()).isEqualTo(2L * 1024 * 1024);
    assertThat(o.servers())
        .containsExactly(new OpenApiOptions.ServerEntry("https://api.example.com", "P"));
  }
}
