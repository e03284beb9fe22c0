package dev.buildgate.docs.deploy;

import static dev.buildgate.docs.TestSupport.git;
import static dev.buildgate.docs.TestSupport.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.docs.TestSupport;
import dev.buildgate.docs.deploy.DeployConfig.Credentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs:deploy with real git against a local bare repository. */
class GhPagesPublisherTest {

  @TempDir Path tmp;
  Path project;
  Path bare;
  Path site;
  final List<String> logged = Collections.synchronizedList(new ArrayList<>());

  final GateLog log =
      new GateLog() {
        @Override
        public void info(String m) {
          logged.add(m);
        }

        @Override
        public void warn(String m) {
          logged.add(m);
        }

        @Override
        public void debug(String m) {
          logged.add(m);
        }
      };

  @BeforeEach
  void repos() throws Exception {
    project = tmp.resolve("project");
    bare = tmp.resolve("remote.git");
    site = project.resolve("target/buildgate/docs/site");
    Files.createDirectories(project);
    git(tmp, "init", "-q", "--bare", bare.toString());
    write(project.resolve("README.md"), "hello\n");
    write(project.resolve(".gitignore"), "target/\n");
    git(project, "init", "-q", "-b", "main");
    git(project, "add", "-A");
    git(project, "commit", "-q", "-m", "initial");
    git(project, "remote", "add", "origin", "../remote.git");
    write(site.resolve("index.html"), "<h1>v1</h1>\n");
    write(site.resolve("reference/openapi.json"), TestSupport.SPEC_JSON);
  }

  private DeployConfig options(String cname, boolean dryRun) {
    return new DeployConfig(
        project,
        site,
        project.resolve("target/buildgate/docs"),
        "origin",
        "gh-pages",
        cname,
        dryRun,
        3,
        "Deploy docs",
        "Buildgate Test",
        "bg@example.invalid",
        null,
        null);
  }

  private DeployResult publish(DeployConfig o) throws Exception {
    return new GhPagesPublisher(TestSupport.runner(), TestSupport.env(), log).publish(o);
  }

  @Test
  void deploysTwiceAsAParentChainWithNojekyllAndCnameKept() throws Exception {
    String statusBefore = git(project, "status", "--porcelain", "--ignored");
    String headBefore = git(project, "rev-parse", "HEAD");
    String refsBefore = git(project, "for-each-ref");

    DeployResult first = publish(options("docs.example.com", false));
    assertThat(first.status()).isEqualTo(DeployResult.Status.PUSHED);
    assertThat(first.parent()).isNull();
    assertThat(first.files()).isEqualTo(4); // index.html, openapi.json, .nojekyll, CNAME

    write(site.resolve("index.html"), "<h1>v2</h1>\n");
    Files.delete(site.resolve("reference/openapi.json"));
    DeployResult second = publish(options(null, false));
    assertThat(second.status()).isEqualTo(DeployResult.Status.PUSHED);
    assertThat(second.parent()).isEqualTo(first.commit());

    assertThat(git(bare, "rev-parse", "refs/heads/gh-pages")).isEqualTo(second.commit());
    assertThat(git(bare, "rev-list", "--count", "gh-pages")).isEqualTo("2");
    assertThat(git(bare, "rev-parse", "gh-pages^")).isEqualTo(first.commit());
    assertThat(git(bare, "ls-tree", "-r", "--name-only", "gh-pages").lines())
        .containsExactlyInAnyOrder(".nojekyll", "CNAME", "index.html");
    assertThat(git(bare, "ls-tree", "-r", "--name-only", "gh-pages^").lines())
        .containsExactlyInAnyOrder(".nojekyll", "CNAME", "index.html", "reference/openapi.json");
    assertThat(git(bare, "show", "gh-pages:CNAME")).isEqualTo("docs.example.com");
    assertThat(git(bare, "show", "gh-pages:index.html")).isEqualTo("<h1>v2</h1>");
    assertThat(git(bare, "show", "-s", "--format=%an <%ae> %s", "gh-pages"))
        .isEqualTo("Buildgate Test <bg@example.invalid> Deploy docs");

    // the project's working tree, index, HEAD and refs are untouched; the scratch repo is gone
    assertThat(git(project, "status", "--porcelain", "--ignored")).isEqualTo(statusBefore);
    assertThat(git(project, "rev-parse", "HEAD")).isEqualTo(headBefore);
    assertThat(git(project, "for-each-ref")).isEqualTo(refsBefore);
    assertThat(project.resolve("target/buildgate/docs/gh-pages.git")).doesNotExist();

    // the same site again: nothing to commit
    DeployResult third = publish(options(null, false));
    assertThat(third.status()).isEqualTo(DeployResult.Status.UNCHANGED);
    assertThat(git(bare, "rev-list", "--count", "gh-pages")).isEqualTo("2");
  }

  @Test
  void dryRunBuildsTheCommitButPushesNothing() throws Exception {
    DeployResult r = publish(options(null, true));
    assertThat(r.status()).isEqualTo(DeployResult.Status.DRY_RUN);
    assertThat(r.commit()).hasSize(40);
    assertThat(git(bare, "for-each-ref")).isEmpty();
    assertThat(logged).anyMatch(l -> l.startsWith("Dry run: would push"));
  }

  @Test
  void rejectedPushIsRetriedOnTheNewTip() throws Exception {
    publish(options(null, false));
    String rivalTip = git(bare, "rev-parse", "gh-pages");
    // someone else deploys between our fetch and our push, once
    AtomicBoolean raced = new AtomicBoolean();
    Path rival = tmp.resolve("rival");
    ProcessRunner racing =
        new ProcessRunner() {
          @Override
          public ProcessResult run(ProcessSpec spec, LineSink sink) throws ExecException {
            if (spec.argv().size() > 1
                && spec.argv().get(1).equals("push")
                && raced.compareAndSet(false, true)) {
              try {
                git(tmp, "clone", "-q", "-b", "gh-pages", bare.toString(), rival.toString());
                write(rival.resolve("other.html"), "rival\n");
                git(rival, "add", "-A");
                git(rival, "commit", "-q", "-m", "rival deploy");
                git(rival, "push", "-q", "origin", "gh-pages");
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            }
            return TestSupport.runner().run(spec, sink);
          }
        };
    write(site.resolve("index.html"), "<h1>v2</h1>\n");
    DeployResult r =
        new GhPagesPublisher(racing, TestSupport.env(), log).publish(options(null, false));
    assertThat(r.status()).isEqualTo(DeployResult.Status.PUSHED);
    assertThat(r.attempts()).isEqualTo(2);
    String rivalCommit = git(bare, "rev-parse", "gh-pages^");
    assertThat(git(bare, "show", "-s", "--format=%s", rivalCommit)).isEqualTo("rival deploy");
    assertThat(git(bare, "rev-parse", "gh-pages^^")).isEqualTo(rivalTip);
    assertThat(logged).anyMatch(l -> l.contains("rejected") && l.contains("retrying"));
  }

  @Test
  void tokenGoesInAHeaderNeverOnTheCommandLineOrInMessages() throws Exception {
    String token = "ghs_SECRET_token_123";
    List<List<String>> argvs = Collections.synchronizedList(new ArrayList<>());
    ProcessRunner recording =
        (spec, sink) -> {
          argvs.add(spec.argv());
          return TestSupport.runner().run(spec, sink);
        };
    try (TestSupport.Http http = new TestSupport.Http()) {
      DeployConfig o =
          new DeployConfig(
              project,
              site,
              project.resolve("target/buildgate/docs"),
              http.url("/owner/repo.git"),
              "gh-pages",
              null,
              false,
              1,
              "Deploy docs",
              null,
              null,
              Credentials.token(token),
              null);
      assertThatThrownBy(() -> new GhPagesPublisher(recording, Map.of(), log).publish(o))
          .isInstanceOf(GateCannotRunException.class)
          .hasMessageContaining("Could not read " + http.url("/owner/repo.git"))
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
      String expected =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
      assertThat(http.authorizations).isNotEmpty().allMatch(expected::equals);
    }
    assertThat(argvs)
        .isNotEmpty()
        .allSatisfy(a -> assertThat(String.join(" ", a)).doesNotContain(token));
    assertThat(logged).allSatisfy(l -> assertThat(l).doesNotContain(token));
  }

  @Test
  void aCnameWithALineBreakIsRefusedInOneLineBeforeAnythingIsPushed() throws Exception {
    assertThatThrownBy(() -> publish(options("docs.example.com\nevil.example.net", false)))
        .isInstanceOf(GateCannotRunException.class)
        .hasMessage(
            "<cname> (buildgate.docs.deploy.cname) 'docs.example.com\\nevil.example.net' is not a domain"
                + " name (one line of letters, digits, '-' and '.', e.g. docs.example.org): fix it,"
                + " or leave it unset to keep the branch's CNAME.");
    assertThat(git(bare, "branch", "--list", "gh-pages")).isBlank();
  }

  @Test
  void missingSiteOrRemoteSaysWhatToDo() throws Exception {
    DeployConfig noSite =
        new DeployConfig(
            project,
            tmp.resolve("nothing"),
            tmp.resolve("w"),
            "origin",
            null,
            null,
            false,
            1,
            null,
            null,
            null,
            null,
            null);
    assertThatThrownBy(() -> publish(noSite)).hasMessageContaining("run docs:build first");
    DeployConfig noRemote =
        new DeployConfig(
            project,
            site,
            tmp.resolve("w"),
            "upstream",
            null,
            null,
            false,
            1,
            null,
            null,
            null,
            null,
            null);
    assertThatThrownBy(() -> publish(noRemote))
        .hasMessageContaining("git remote 'upstream' is not configured");
  }
}
