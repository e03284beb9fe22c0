package dev.buildgate.core.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real git repository made with the git CLI, for tests of local detection. */
final class GitRepo {
  final Path dir;

  GitRepo(Path dir) {
    this.dir = dir;
  }

  static GitRepo init(Path dir, String initialBranch) throws Exception {
    Files.createDirectories(dir);
    GitRepo repo = new GitRepo(dir);
    repo.git("init", "-q", "-b", initialBranch);
    return repo;
  }

  String commit(String file, String content) throws Exception {
    Files.writeString(dir.resolve(file), content, StandardCharsets.UTF_8);
    git("add", file);
    git("commit", "-q", "-m", "change " + file);
    return git("rev-parse", "HEAD");
  }

  String git(String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add("git");
    argv.add("-c");
    argv.add("user.name=Buildgate Test");
    argv.add("-c");
    argv.add("user.email=test@buildgate.invalid");
    argv.add("-c");
    argv.add("commit.gpgsign=false");
    argv.add("-c");
    argv.add("init.defaultBranch=main");
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("git %s finished", argv).isTrue();
    assertThat(p.exitValue()).as("git %s failed: %s", argv, out).isZero();
    return out.strip();
  }
}
