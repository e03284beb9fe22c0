package dev.buildgate.core.summary;

import dev.buildgate.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pipeline summary for a multi-module build: every module's {@link PipelineSummary} sections
 * under one result and one status table (with a module column), written to the execution root's
 * {@code target/buildgate/summary.md} and appended to {@code $GITHUB_STEP_SUMMARY} once.
 */
public final class ReactorSummary {

  /** The most characters appended to {@code $GITHUB_STEP_SUMMARY} (GitHub takes 1 MiB a step). */
  static final int MAX_STEP_SUMMARY_CHARS = 900 * 1024;

  /**
   * A module of the build and its Buildgate directory.
   *
   * @param name the module's name as shown in the table (its artifactId)
   * @param buildgateDir the module's {@code target/buildgate}
   */
  public record Module(String name, Path buildgateDir) {
    /** Checks the fields. */
    public Module {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(buildgateDir, "buildgateDir");
    }
  }

  private final String title;
  private final List<Module> modules;

  /**
   * Creates the summary of a build.
   *
   * @param title the build's name (the execution root's)
   * @param modules the modules that ran Buildgate goals, in reactor order
   */
  public ReactorSummary(String title, List<Module> modules) {
    this.title = title;
    this.modules = List.copyOf(modules);
  }

  /**
   * Renders the Markdown from the modules' sections as they are now.
   *
   * @return the summary
   * @throws UncheckedIOException if a module's summary cannot be read
   */
  public String render() {
    List<List<PipelineSummary.Section>> all = new ArrayList<>();
    int steps = 0;
    List<String> failedModules = new ArrayList<>();
    for (Module m : modules) {
      List<PipelineSummary.Section> sections = new PipelineSummary(m.buildgateDir()).sections();
      all.add(sections);
      steps += sections.size();
      long failed = sections.stream().filter(s -> s.status() == StepStatus.FAILED).count();
      if (failed > 0) {
        failedModules.add(m.name());
      }
    }
    StringBuilder sb =
        new StringBuilder("# Buildgate pipeline summary")
            .append(title == null || title.isBlank() ? "" : ": " + title.strip())
            .append("\n\n");
    if (failedModules.isEmpty()) {
      sb.append("**Result:** ").append(StepStatus.PASSED.icon()).append(" passed (");
    } else {
      sb.append("**Result:** ")
          .append(StepStatus.FAILED.icon())
          .append(" failed in ")
          .append(String.join(", ", failedModules))
          .append(" (");
    }
    sb.append(steps)
        .append(steps == 1 ? " step in " : " steps in ")
        .append(modules.size())
        .append(modules.size() == 1 ? " module)\n\n" : " modules)\n\n");
    sb.append("| Module | Step | Status |\n|---|---|---|\n");
    for (int i = 0; i < modules.size(); i++) {
      for (PipelineSummary.Section s : all.get(i)) {
        sb.append("| ")
            .append(cell(modules.get(i).name()))
            .append(" | ")
            .append(cell(s.title()))
            .append(" | ")
            .append(s.status().icon())
            .append(' ')
            .append(s.status().label())
            .append(" |\n");
      }
    }
    for (int i = 0; i < modules.size(); i++) {
      sb.append("\n## ").append(modules.get(i).name()).append('\n');
      for (PipelineSummary.Section s : all.get(i)) {
        sb.append("\n### ").append(s.status().icon()).append(' ').append(s.title()).append('\n');
        if (!s.body().isEmpty()) {
          sb.append('\n').append(s.body()).append('\n');
        }
      }
    }
    return sb.toString();
  }

  /**
   * Renders the summary and writes it to {@code <rootBuildgateDir>/summary.md}.
   *
   * @param rootBuildgateDir the execution root's {@code target/buildgate}
   * @return the Markdown written
   * @throws UncheckedIOException if it cannot be written
   */
  public String writeTo(Path rootBuildgateDir) {
    String markdown = render();
    try {
      AtomicFiles.writeString(rootBuildgateDir.resolve(PipelineSummary.FILE_NAME), markdown);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the reactor summary: " + e, e);
    }
    return markdown;
  }

  /**
   * Appends a rendered summary to the file named by {@code GITHUB_STEP_SUMMARY}, if that is set
   * (appended, never truncated; cut at {@link #MAX_STEP_SUMMARY_CHARS} with a pointer to the file).
   *
   * @param env the environment
   * @param markdown the summary
   * @param file where the whole summary is
   * @throws UncheckedIOException if the step summary cannot be written
   */
  public static void appendToGitHubStepSummary(
      Map<String, String> env, String markdown, Path file) {
    String target = env.get("GITHUB_STEP_SUMMARY");
    if (target == null || target.isBlank()) {
      return;
    }
    String text = markdown;
    if (text.length() > MAX_STEP_SUMMARY_CHARS) {
      int cut = text.lastIndexOf('\n', MAX_STEP_SUMMARY_CHARS);
      text =
          text.substring(0, cut <= 0 ? MAX_STEP_SUMMARY_CHARS : cut)
              + "\n\n_(truncated; the whole summary is in "
              + file
              + ")_\n";
    }
    Path stepSummary = Path.of(target.trim()).toAbsolutePath();
    try {
      if (stepSummary.getParent() != null) {
        Files.createDirectories(stepSummary.getParent());
      }
      Files.writeString(
          stepSummary,
          text + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot append to $GITHUB_STEP_SUMMARY: " + e, e);
    }
  }

  private static String cell(String s) {
    return s.replace("|", "\\|");
  }
}
