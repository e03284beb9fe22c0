package dev.buildgate.docs.site;

import static dev.buildgate.docs.TestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.exec.ToolResolver;
import dev.buildgate.core.exec.ToolRunner;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.docs.TestSupport;
import dev.buildgate.docs.site.Staging.Staged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteGeneratorTest {

  @TempDir Path tmp;

  private Staged staged() throws Exception {
    TestSupport.mkdocsProject(tmp.resolve("p"));
    return Staging.stage(
        tmp.resolve("p"), Path.of("mkdocs.yml"), Path.of("docs"), List.of(), tmp.resolve("stage"));
  }

  private SiteGenerator generator(Map<String, String> env) {
    LocalProcessRunner runner = new LocalProcessRunner(env);
    return new SiteGenerator(runner, new ToolResolver(runner, env), GateLog.NONE);
  }

  @Test
  void customCommandGetsPlaceholdersAndRuns() throws Exception {
    Staged staged = staged();
    Path site = tmp.resolve("out/site");
    GeneratorOptions custom =
        new GeneratorOptions(
            GeneratorKind.CUSTOM,
            null,
            null,
            null,
            null,
            true,
            List.of("cp", "-r", "{docs}", "{site}"),
            null,
            Duration.ofSeconds(30));
    SiteGenerator gen = generator(TestSupport.env());
    List<String> argv = gen.command(custom, staged, site);
    assertThat(argv)
        .containsExactly("cp", "-r", staged.docsDir().toString(), site.toAbsolutePath().toString());
    gen.run(custom, staged, site, argv);
    assertThat(site.resolve("reference/api.md")).exists();
  }

  @Test
  void failingCustomCommandIsAGateFailureWithItsOutput() throws Exception {
    Staged staged = staged();
    GeneratorOptions custom =
        new GeneratorOptions(
            GeneratorKind.CUSTOM,
            null,
            null,
            null,
            null,
            true,
            List.of("sh", "-c", "echo 'ERROR: theme not found' >&2; exit 3"),
            null,
            null);
    SiteGenerator gen = generator(TestSupport.env());
    Path site = tmp.resolve("site");
    assertThatThrownBy(() -> gen.run(custom, staged, site, gen.command(custom, staged, site)))
        .isInstanceOf(GateFailedException.class)
        .hasMessageContaining("sh failed (exit 3)")
        .hasMessageContaining("ERROR: theme not found");
  }

  @Test
  void uvxCommandPinsGeneratorAndPlugins() throws Exception {
    Staged staged = staged();
    GeneratorOptions uvx =
        new GeneratorOptions(
            GeneratorKind.MKDOCS, ToolRunner.UVX, null, null, null, true, null, null, null);
    List<String> argv = generator(TestSupport.env()).command(uvx, staged, tmp.resolve("site"));
    assertThat(argv.get(0)).endsWith("uvx");
    assertThat(argv.subList(1, argv.size()))
        .startsWith(
            "--from",
            "mkdocs==1.6.1",
            "--with",
            "mkdocs-material==9.8.2",
            "--with",
            "mkdocs-swagger-ui-tag==0.8.1",
            "mkdocs",
            "build",
            "--strict",
            "-f");
  }

  @Test
  void missingGeneratorSaysHowToInstall() throws Exception {
    Staged staged = staged();
    Map<String, String> noTools = Map.of("PATH", tmp.resolve("empty").toString());
    GeneratorOptions auto = GeneratorOptions.mkdocs();
    assertThatThrownBy(() -> generator(noTools).command(auto, staged, tmp.resolve("site")))
        .isInstanceOf(GateCannotRunException.class)
        .hasMessageContaining("mkdocs not found")
        .hasMessageContaining("mkdocs==1.6.1 mkdocs-material==9.8.2 mkdocs-swagger-ui-tag==0.8.1");
  }

  @Test
  void zensicalGetsSiteDirInTheStagedConfigOnly() throws Exception {
    Staged staged = staged();
    String site = ".buildgate-site";
    SiteGenerator.pointSiteDir(staged.configFile(), site);
    assertThat(Files.readString(staged.configFile())).endsWith("site_dir: '" + site + "'\n");
    assertThat(Files.readString(tmp.resolve("p/mkdocs.yml"))).doesNotContain("site_dir");
    write(staged.configFile(), "site_name: x\nsite_dir: public\n");
    SiteGenerator.pointSiteDir(staged.configFile(), site);
    assertThat(Files.readString(staged.configFile()))
        .isEqualTo("site_name: x\nsite_dir: '" + site + "'\n");
    Path toml = staged.dir().resolve("zensical.toml");
    write(toml, "[project]\nsite_name = \"x\"\n");
    SiteGenerator.pointSiteDir(toml, site);
    assertThat(Files.readString(toml))
        .isEqualTo("[project]\nsite_dir = \"" + site + "\"\nsite_name = \"x\"\n");
  }

  @Test
  void extraPluginsAreAddedToTheDefaultsAndMayRepinOne() throws Exception {
    Staged staged = staged();
    GeneratorOptions uvx =
        new GeneratorOptions(
            GeneratorKind.MKDOCS,
            ToolRunner.UVX,
            null,
            null,
            List.of("mkdocs-mermaid2-plugin==1.2.1", "MkDocs_Material[imaging]==9.8.1"),
            true,
            null,
            null,
            null);
    List<String> argv = generator(TestSupport.env()).command(uvx, staged, tmp.resolve("site"));
    assertThat(argv.subList(1, argv.size()))
        .startsWith(
            "--from",
            "mkdocs==1.6.1",
            "--with",
            "MkDocs_Material[imaging]==9.8.1",
            "--with",
            "mkdocs-swagger-ui-tag==0.8.1",
            "--with",
            "mkdocs-mermaid2-plugin==1.2.1",
            "mkdocs");
  }

  /** Real MkDocs (the pinned venv) over a mkdocs.yml naming something it does not have. */
  @Test
  void aMissingPluginThemeOrModuleIsOneLineNamingItAndTheFix() throws Exception {
    Map<String, String> cases =
        Map.of(
            "plugins:\n  - search\n  - mermaid2\n",
            "names the plugin 'mermaid2', which is not installed where ",
            "theme:\n  name: nosuchtheme\n",
            "names the theme 'nosuchtheme', which is not installed where ",
            "markdown_extensions:\n  - pymdownx.emoji:\n"
                + "      emoji_index: !!python/name:nosuchpkg.extensions.emoji.twemoji\n",
            "names the Python module 'nosuchpkg', which is not installed where ");
    SiteGenerator gen = generator(TestSupport.env());
    GeneratorOptions mkdocs =
        new GeneratorOptions(
            GeneratorKind.MKDOCS, ToolRunner.PATH, null, null, null, true, null, null, null);
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Staged staged = staged();
      write(staged.configFile(), "site_name: x\n" + c.getKey());
      Path site = tmp.resolve("site");
      List<String> argv = gen.command(mkdocs, staged, site);
      assertThatThrownBy(() -> gen.run(mkdocs, staged, site, argv))
          .isInstanceOf(GateCannotRunException.class)
          .hasMessageStartingWith("mkdocs.yml " + c.getValue() + argv.get(0) + " runs: install ")
          .hasMessageEndingWith("(<generatorRunner>UVX</generatorRunner>).")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void throughUvxTheFixIsGeneratorPlugins() {
    GeneratorOptions uvx =
        new GeneratorOptions(
            GeneratorKind.MKDOCS, ToolRunner.UVX, null, null, null, true, null, null, null);
    String line = "cannot find module 'material.extensions.emoji' (No module named 'material')";
    assertThat(
            SiteGenerator.missingMessage(
                uvx, List.of("/usr/bin/uvx", "--from"), SiteGenerator.missingComponent(line)))
        .isEqualTo(
            "mkdocs.yml names the Python module 'material', which the generator run through uvx"
                + " does not have: add its package (mkdocs-material) to <generatorPlugins> (they"
                + " are added to the defaults; now mkdocs-material==9.8.2,"
                + " mkdocs-swagger-ui-tag==0.8.1).");
    assertThat(SiteGenerator.missingComponent("INFO - Building documentation")).isNull();
  }
}
