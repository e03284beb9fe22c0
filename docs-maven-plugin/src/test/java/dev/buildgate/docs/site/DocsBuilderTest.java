package dev.buildgate.docs.site;

import static dev.buildgate.docs.TestSupport.git;
import static dev.buildgate.docs.TestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.exec.ToolResolver;
import dev.buildgate.core.exec.ToolRunner;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.summary.PipelineSummary;
import dev.buildgate.core.summary.StepStatus;
import dev.buildgate.docs.TestSupport;
import dev.buildgate.docs.openapi.OpenApiOptions;
import dev.buildgate.docs.site.BuildOutcome.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs:build against the real MkDocs + Material + swagger-ui-tag and real git. */
class DocsBuilderTest {

  @TempDir Path project;

  private static final GeneratorOptions MKDOCS_ON_PATH =
      new GeneratorOptions(
          GeneratorKind.MKDOCS,
          ToolRunner.PATH,
          null,
          null,
          null,
          true,
          null,
          null,
          Duration.ofMinutes(2));

  private String changeBase;

  private BuildConfig options(OpenApiOptions openapi, boolean force, boolean changeFilter) {
    return new BuildConfig(
        project,
        Path.of("mkdocs.yml"),
        Path.of("docs"),
        List.of(),
        project.resolve("target/buildgate/docs"),
        project.resolve("target/buildgate/docs/site"),
        project.resolve("target/buildgate/state"),
        openapi,
        MKDOCS_ON_PATH,
        force,
        changeFilter,
        List.of("docs/**", "mkdocs.yml", "pom.xml"),
        "main",
        "origin",
        changeBase);
  }

  private BuildOutcome build(BuildConfig o) throws Exception {
    LocalProcessRunner runner = TestSupport.runner();
    return new DocsBuilder(runner, new ToolResolver(runner, TestSupport.env()), GateLog.NONE)
        .build(o);
  }

  @Test
  void buildsMaterialSiteEmbeddingSpecServedOverHttp() throws Exception {
    TestSupport.mkdocsProject(project);
    try (TestSupport.Http http = new TestSupport.Http()) {
      http.serve("/openapi.json", TestSupport.SPEC_JSON);
      OpenApiOptions openapi =
          new OpenApiOptions(
              http.url("/openapi.json"),
              null,
              null,
              Duration.ofSeconds(5),
              0,
              null,
              false,
              List.of(new OpenApiOptions.ServerEntry("https://api.example.com", "Production")));
      BuildOutcome out = build(options(openapi, false, true));
      assertThat(out.status()).isEqualTo(Status.BUILT);
      assertThat(out.openapiVersion()).isEqualTo("openapi 3.0.3");
      assertThat(out.command()).contains("build", "--strict", "-d");
    }
    Path site = project.resolve("target/buildgate/docs/site");
    // Material theme rendered the pages
    assertThat(Files.readString(site.resolve("index.html"))).contains("Demo API", "md-header");
    // swagger-ui-tag embedded the spec on the API page
    assertThat(Files.readString(site.resolve("reference/api/index.html")))
        .contains("swagger-ui-iframe");
    Path swaggerPage;
    try (var s = Files.list(site.resolve("reference/api"))) {
      swaggerPage =
          s.filter(p -> p.getFileName().toString().startsWith("swagger-"))
              .findFirst()
              .orElseThrow();
    }
    assertThat(Files.readString(swaggerPage)).contains("\"../openapi.json\"");
    assertThat(site.resolve("assets/javascripts/swagger-ui-bundle.js")).exists();
    JsonNode published =
        new ObjectMapper().readTree(site.resolve("reference/openapi.json").toFile());
    assertThat(published.at("/info/title").asText()).isEqualTo("Demo Service");
    assertThat(published.at("/servers/0/url").asText()).isEqualTo("https://api.example.com");
    assertThat(published.at("/servers/0/description").asText()).isEqualTo("Production");
    assertThat(published.at("/servers/1/url").asText()).isEqualTo("http://localhost:8000");
    // sources untouched
    assertThat(project.resolve("docs/reference/openapi.json")).doesNotExist();
    assertThat(project.resolve("site")).doesNotExist();
  }

  @Test
  void strictModeFailsOnBrokenLinkWithMkDocsMessage() throws Exception {
    TestSupport.mkdocsProject(project);
    write(project.resolve("docs/index.md"), "# Home\n\nSee [the guide](missing-guide.md).\n");
    write(project.resolve("docs/reference/openapi.json"), TestSupport.SPEC_JSON);
    assertThatThrownBy(() -> build(options(null, false, false)))
        .isInstanceOf(GateFailedException.class)
        .hasMessageContaining("mkdocs build --strict failed (exit 1)")
        .hasMessageContaining("contains a link 'missing-guide.md'")
        .hasMessageContaining("Aborted with 1 warnings in strict mode");
    // a failed build is never recorded as up to date
    assertThat(project.resolve("target/buildgate/state"))
        .satisfiesAnyOf(
            p -> assertThat(p).doesNotExist(),
            p -> assertThat(p.resolve("docs-build")).doesNotExist());
  }

  @Test
  void invalidSpecFileFailsNamingTheFile() throws Exception {
    TestSupport.mkdocsProject(project);
    Path bad = project.resolve("api/openapi.json");
    write(bad, "{\"info\": {\"title\": \"no version\"}}");
    OpenApiOptions openapi = new OpenApiOptions(null, bad, null, null, 0, null, false, List.of());
    assertThatThrownBy(() -> build(options(openapi, false, false)))
        .isInstanceOf(GateFailedException.class)
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("no 'openapi' or 'swagger' version field");
  }

  @Test
  void changeFilterSkipsWhenDocsUnchangedSinceMergeBaseAndForceBuilds() throws Exception {
    TestSupport.mkdocsProject(project);
    write(project.resolve("docs/reference/openapi.json"), TestSupport.SPEC_JSON);
    write(project.resolve("src/app.py"), "print(1)\n");
    write(project.resolve(".gitignore"), "target/\n");
    git(project, "init", "-q", "-b", "main");
    git(project, "add", "-A");
    git(project, "commit", "-q", "-m", "initial");
    git(project, "commit", "-q", "--allow-empty", "-m", "second on main");
    git(project, "checkout", "-q", "-b", "feature");
    write(project.resolve("src/app.py"), "print(2)\n");
    git(project, "commit", "-q", "-am", "code only");

    BuildOutcome skipped = build(options(null, false, true));
    assertThat(skipped.status()).isEqualTo(Status.UNCHANGED);
    assertThat(skipped.reason()).contains("nothing under [docs/**, mkdocs.yml, pom.xml] changed");
    assertThat(project.resolve("target/buildgate/docs/site")).doesNotExist();

    BuildOutcome forced = build(options(null, true, true));
    assertThat(forced.status()).isEqualTo(Status.BUILT);
    assertThat(project.resolve("target/buildgate/docs/site/index.html")).exists();

    // a docs change on the branch (uncommitted, too) triggers the build ...
    write(project.resolve("docs/index.md"), "# Home v2\n\nSee the [API](reference/api.md).\n");
    BuildOutcome changed = build(options(null, false, true));
    assertThat(changed.status()).isEqualTo(Status.BUILT);
    // ... and the same inputs again are up to date
    BuildOutcome again = build(options(null, false, true));
    assertThat(again.status()).isEqualTo(Status.UP_TO_DATE);

    // on the default branch itself the last commit is what counts
    git(project, "checkout", "-q", "-f", "main");
    assertThat(build(options(null, false, true)).status()).isEqualTo(Status.UNCHANGED);
    // a push of two commits, docs in the first: the last commit alone shows no docs change ...
    write(project.resolve("docs/news.md"), "# News\n");
    git(project, "add", "docs/news.md");
    git(project, "commit", "-q", "-m", "docs: news");
    git(project, "commit", "-q", "--allow-empty", "-m", "chore");
    assertThat(build(options(null, false, true)).status()).isEqualTo(Status.UNCHANGED);
    // ... an explicit change base (the commit before the push) covers both
    changeBase = git(project, "rev-parse", "HEAD~2");
    assertThat(build(options(null, false, true)).status()).isNotEqualTo(Status.UNCHANGED);
    changeBase = "no-such-commit";
    assertThat(build(options(null, false, true)).status()).isNotEqualTo(Status.UNCHANGED);
  }

  @Test
  void aProjectWithoutDocsIsSkipped() throws Exception {
    BuildOutcome out = build(options(null, true, true));
    assertThat(out.status()).isEqualTo(Status.NO_DOCS);
    assertThat(out.reason()).startsWith("no mkdocs.yml and no docs in ");
    write(project.resolve("docs/index.md"), "# only docs, no config\n");
    assertThatThrownBy(() -> build(options(null, true, true)))
        .isInstanceOf(GateCannotRunException.class)
        .hasMessageContaining("mkdocs.yml not found");
  }

  @Test
  void withoutGitTheFingerprintAloneDecides() throws Exception {
    TestSupport.mkdocsProject(project);
    write(project.resolve("docs/reference/openapi.json"), TestSupport.SPEC_JSON);
    assertThat(build(options(null, false, true)).status()).isEqualTo(Status.BUILT);
    assertThat(build(options(null, false, true)).status()).isEqualTo(Status.UP_TO_DATE);
    write(project.resolve("docs/extra.md"), "# Extra\n");
    write(
        project.resolve("mkdocs.yml"),
        Files.readString(project.resolve("mkdocs.yml")) + "  - Extra: extra.md\n");
    assertThat(build(options(null, false, true)).status()).isEqualTo(Status.BUILT);
    assertThat(project.resolve("target/buildgate/docs/site/extra/index.html")).exists();
  }

  @Test
  void anUnchangedSpecIsCopiedAsLastRendered_aChangedSpecOrServerIsRenderedAgain()
      throws Exception {
    TestSupport.mkdocsProject(project);
    Path spec = project.resolve("api/openapi.json");
    write(spec, TestSupport.SPEC_JSON);
    List<OpenApiOptions.ServerEntry> prod =
        List.of(new OpenApiOptions.ServerEntry("https://api.example.com", "Production"));
    OpenApiOptions openapi = new OpenApiOptions(null, spec, null, null, 0, null, false, prod);
    Path staged = project.resolve("target/buildgate/docs/staging/docs/reference/openapi.json");
    Path state = project.resolve("target/buildgate/state");
    Path kept = state.resolve("docs-openapi-render.out"); // OpenApiRenderCache.STATE_KEY

    BuildOutcome first = build(options(openapi, false, false));
    assertThat(first.status()).isEqualTo(Status.BUILT);
    String rendered = Files.readString(staged);
    assertThat(rendered).contains("\"url\" : \"https://api.example.com\"");
    assertThat(kept).hasContent(rendered);

    // unchanged: the kept rendering is copied, byte for byte, and the site is up to date
    Files.writeString(kept, rendered); // new mtime, same bytes
    BuildOutcome again = build(options(openapi, false, false));
    assertThat(again.status()).isEqualTo(Status.UP_TO_DATE);
    assertThat(again.openapiVersion()).isEqualTo(first.openapiVersion()).isEqualTo("openapi 3.0.3");
    assertThat(again.openapiSource()).isEqualTo(spec.toString());
    assertThat(staged).hasContent(rendered);

    // a tampered copy is not trusted: rendered again, still up to date
    Files.writeString(kept, "{\"openapi\":\"3.0.3\",\"paths\":{}}");
    assertThat(build(options(openapi, false, false)).status()).isEqualTo(Status.UP_TO_DATE);
    assertThat(staged).hasContent(rendered);
    assertThat(kept).hasContent(rendered);

    // another server: rendered again, the site rebuilt
    OpenApiOptions staging =
        new OpenApiOptions(
            null,
            spec,
            null,
            null,
            0,
            null,
            false,
            List.of(new OpenApiOptions.ServerEntry("https://staging.example.com", null)));
    assertThat(build(options(staging, false, false)).status()).isEqualTo(Status.BUILT);
    assertThat(Files.readString(staged)).contains("https://staging.example.com");
    assertThat(Files.readString(staged)).doesNotContain("https://api.example.com");

    // another spec: rendered again, the site rebuilt
    write(spec, TestSupport.SPEC_JSON.replace("Demo Service", "Renamed Service"));
    assertThat(build(options(staging, false, false)).status()).isEqualTo(Status.BUILT);
    assertThat(Files.readString(staged)).contains("Renamed Service");
    assertThat(
            Files.readString(project.resolve("target/buildgate/docs/site/reference/openapi.json")))
        .contains("Renamed Service");
  }

  @Test
  void runWritesTheSectionOfWhatItDidOrWhyItCouldNot() throws Exception {
    Path bg = project.resolve("target/buildgate");
    LocalProcessRunner runner = TestSupport.runner();
    DocsBuilder builder =
        new DocsBuilder(runner, new ToolResolver(runner, TestSupport.env()), GateLog.NONE);
    BuildOutcome none = builder.run(bg, () -> options(null, false, false));
    assertThat(none.status()).isEqualTo(Status.NO_DOCS);
    PipelineSummary.Section s = new PipelineSummary(bg).sections().get(0);
    assertThat(s.id()).isEqualTo("docs-build");
    assertThat(s.title()).isEqualTo("Docs build");
    assertThat(s.status()).isEqualTo(StepStatus.SKIPPED);
    assertThat(s.body()).startsWith("Skipped: no mkdocs.yml and no docs in ");

    assertThatThrownBy(
            () ->
                builder.run(
                    bg,
                    () ->
                        BuildConfig.builder()
                            .generator(GeneratorOptions.builder().kind("hugo"))
                            .build()))
        .isInstanceOf(GateCannotRunException.class);
    s = new PipelineSummary(bg).sections().get(0);
    assertThat(s.status()).isEqualTo(StepStatus.FAILED);
    assertThat(s.body()).startsWith("Unknown <generator> 'hugo'");
  }
}
