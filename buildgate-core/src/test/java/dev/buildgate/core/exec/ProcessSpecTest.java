package dev.buildgate.core.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessSpecTest {

  @Test
  void defaults() {
    ProcessSpec s = ProcessSpec.builder("ruff", "check").build();
    assertThat(s.argv()).containsExactly("ruff", "check");
    assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.maxCaptureBytes()).isEqualTo(4L * 1024 * 1024);
    assertThat(s.workingDir()).isNull();
    assertThat(s.stdoutFile()).isNull();
    assertThat(s.stdin()).isNull();
    assertThat(s.quietStdout()).isFalse();
    assertThat(s.env()).isEmpty();
    assertThat(s.secrets()).isEmpty();
  }

  @Test
  void isImmutable() {
    List<String> argv = new ArrayList<>(List.of("a", "b"));
    ProcessSpec s = ProcessSpec.builder(argv).env("K", "V").build();
    argv.add("c");
    assertThat(s.argv()).containsExactly("a", "b");
    assertThatThrownBy(() -> s.argv().add("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> s.env().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toBuilderCopiesEverything() {
    ProcessSpec s =
        ProcessSpec.builder("a")
            .workingDir(Path.of("/w"))
            .env("K", "V")
            .removeEnv("R")
            .timeout(Duration.ofSeconds(5))
            .secrets(List.of("s"))
            .maxCaptureBytes(10)
            .stdoutFile(Path.of("/o"))
            .quietStdout(true)
            .stdin("in")
            .build();
    ProcessSpec c = s.toBuilder().build();
    assertThat(c.workingDir()).isEqualTo(Path.of("/w"));
    assertThat(c.env()).containsEntry("K", "V");
    assertThat(c.removedEnv()).containsExactly("R");
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.secrets()).containsExactly("s");
    assertThat(c.maxCaptureBytes()).isEqualTo(10);
    assertThat(c.stdoutFile()).isEqualTo(Path.of("/o"));
    assertThat(c.quietStdout()).isTrue();
    assertThat(c.stdin()).isEqualTo("in");
  }

  @Test
  void envAndRemoveEnvOverrideEachOther() {
    ProcessSpec s = ProcessSpec.builder("a").env("K", "1").removeEnv("K").build();
    assertThat(s.env()).doesNotContainKey("K");
    assertThat(s.removedEnv()).containsExactly("K");
    ProcessSpec t = ProcessSpec.builder("a").removeEnv("K").env("K", "2").build();
    assertThat(t.env()).containsEntry("K", "2");
    assertThat(t.removedEnv()).isEmpty();
  }

  @Test
  void rejectsBadInput() {
    assertThatThrownBy(() -> ProcessSpec.builder(List.of())).hasMessage("argv must not be empty");
    assertThatThrownBy(() -> ProcessSpec.builder(Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> ProcessSpec.builder("")).hasMessageContaining("must not be empty");
    assertThatThrownBy(() -> ProcessSpec.builder("a").timeout(Duration.ZERO))
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> ProcessSpec.builder("a").maxCaptureBytes(0))
        .hasMessageContaining("maxCaptureBytes must be positive");
  }

  @Test
  void displayCommandQuotesAndMasks() {
    ProcessSpec s =
        ProcessSpec.builder("docker", "login", "-p", "pa55word", "--label", "a b", "it's", "")
            .secrets(List.of("pa55word"))
            .build();
    assertThat(s.displayCommand()).isEqualTo("docker login -p **** --label 'a b' 'it'\\''s' ''");
    assertThat(s.toString()).doesNotContain("pa55word");
    assertThat(s.maskedArgv()).contains("****").doesNotContain("pa55word");
  }

  @Test
  void resultTails() {
    ProcessResult r =
        new ProcessResult(List.of("x"), 1, "o1\no2\n", "e1\r\ne2\ne3\n\n", false, Duration.ZERO);
    assertThat(r.stderrTail(2)).isEqualTo("e2\ne3");
    assertThat(r.stderrTail(0)).isEmpty();
    assertThat(r.outputTail(10)).isEqualTo("o1\no2\ne1\ne2\ne3");
    assertThat(new ProcessResult(List.of("x"), 0, null, null, false, Duration.ZERO).outputTail(3))
        .isEmpty();
  }

  @Test
  void durationsAreHumanReadable() {
    assertThat(Durations.human(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.human(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Durations.human(Duration.ofSeconds(30))).isEqualTo("30s");
    assertThat(Durations.human(Duration.ofMinutes(10))).isEqualTo("10m");
    assertThat(Durations.human(Duration.ofSeconds(3723))).isEqualTo("1h2m3s");
  }

  @Test
  void displayCommandIsOneLineAndCutsALongInlineScript() {
    String script = "echo one\necho two\n" + "x".repeat(300);
    ProcessSpec s = ProcessSpec.builder(List.of("sh", "-c", script)).build();
    assertThat(s.displayCommand())
        .doesNotContain("\n")
        .startsWith("sh -c 'echo one\\necho two\\nxxx")
        .endsWith("...(" + script.length() + " chars)'")
        .hasSizeLessThan(200);
  }
}
