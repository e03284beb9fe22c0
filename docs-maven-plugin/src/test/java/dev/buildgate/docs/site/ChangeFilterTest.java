package dev.buildgate.docs.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.buildgate.core.exec.LocalProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change filter against a real git repository: a branch off main with its own commits. */
class ChangeFilterTest {

  @TempDir Path repo;
  private final ChangeFilter filter = new ChangeFilter(new LocalProcessRunner());

  @BeforeEach
  void repository() throws Exception {
    git("init", "-q", "-b", "main");
    write("README.md", "readme\n");
    write("docs/index.md", "# home\n");
    write("src/app.py", "x = 1\n");
    git("add", "-A");
    git("commit", "-q", "-m", "init");
    git("checkout", "-q", "-b", "feature");
  }

  @Test
  void aTopLevelFileMatchesADoubleStarGlob() throws Exception {
    write("README.md", "changed\n");
    commit();
    ChangeFilter.Result r = filter.check(repo, List.of("**/*.md"), "main", "origin");
    assertThat(r.outcome()).isEqualTo(ChangeFilter.Outcome.CHANGED);
    assertThat(r.changed()).containsExactly("README.md");
  }

  @Test
  void aChangeOutsideTheGlobsIsUnchanged() throws Exception {
    write("src/app.py", "x = 2\n");
    commit();
    ChangeFilter.Result r = filter.check(repo, List.of("docs/**", "mkdocs.yml"), "main", "origin");
    assertThat(r.outcome()).isEqualTo(ChangeFilter.Outcome.UNCHANGED);
    assertThat(r.reason()).contains("nothing under").contains("merge base with main");
  }

  @Test
  void anUntrackedFileUnderADirectoryGlobCounts() throws Exception {
    write("src/app.py", "x = 3\n");
    commit();
    write("docs/guide/new.md", "new\n");
    ChangeFilter.Result r = filter.check(repo, List.of("docs/"), "main", "origin");
    assertThat(r.outcome()).isEqualTo(ChangeFilter.Outcome.CHANGED);
    assertThat(r.changed()).containsExactly("docs/guide/new.md");
  }

  @Test
  void noDefaultBranchRefIsUnknown() throws Exception {
    ChangeFilter.Result r = filter.check(repo, List.of("docs/**"), "trunk", "origin");
    assertThat(r.outcome()).isEqualTo(ChangeFilter.Outcome.UNKNOWN);
    assertThat(r.reason()).contains("trunk");
  }

  private void commit() throws Exception {
    git("add", "-A");
    git("commit", "-q", "-m", "change");
  }

  private void write(String rel, String text) throws IOException {
    Path f = repo.resolve(rel);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
  }

  private void git(String... args) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of("git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(repo.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
    }
  }
}
