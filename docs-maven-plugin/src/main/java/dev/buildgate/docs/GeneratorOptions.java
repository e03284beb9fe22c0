package dev.buildgate.docs;

import dev.buildgate.core.exec.ToolRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the site generator is found and run.
 *
 * @param kind mkdocs, zensical or custom
 * @param runner AUTO (configured path, PATH, then uvx), PATH or UVX
 * @param executable a configured executable, or null
 * @param packageSpec the pinned generator package for uvx, e.g. {@code mkdocs==1.6.1}
 * @param withPackages pinned plugin packages for uvx ({@code --with}), e.g. mkdocs-material==9.8.2
 * @param strict run in strict mode (a warning fails the build)
 * @param customCommand the argv of a custom generator; placeholders {@code {config}}, {@code
 *     {site}}, {@code {staging}}, {@code {docs}}
 * @param extraArgs arguments appended to the mkdocs/zensical command
 * @param timeout the generator's time limit
 */
public record GeneratorOptions(
    GeneratorKind kind,
    ToolRunner runner,
    Path executable,
    String packageSpec,
    List<String> withPackages,
    boolean strict,
    List<String> customCommand,
    List<String> extraArgs,
    Duration timeout) {

  public static final String MKDOCS_SPEC = "mkdocs==1.6.1";
  public static final String ZENSICAL_SPEC = "zensical==0.0.73";
  public static final List<String> MKDOCS_PLUGINS =
      List.of("mkdocs-material==9.8.2", "mkdocs-swagger-ui-tag==0.8.1");

  public GeneratorOptions {
    Objects.requireNonNull(kind, "kind");
    runner = Objects.requireNonNullElse(runner, ToolRunner.AUTO);
    if (packageSpec == null || packageSpec.isBlank()) {
      packageSpec = kind == GeneratorKind.ZENSICAL ? ZENSICAL_SPEC : MKDOCS_SPEC;
    }
    withPackages =
        withPackages == null
            ? (kind == GeneratorKind.MKDOCS ? MKDOCS_PLUGINS : List.of())
            : List.copyOf(withPackages);
    customCommand = customCommand == null ? List.of() : List.copyOf(customCommand);
    extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
    timeout = Objects.requireNonNullElse(timeout, Duration.ofMinutes(10));
  }

  /** MkDocs with the pinned defaults. */
  public static GeneratorOptions mkdocs() {
    return new GeneratorOptions(
        GeneratorKind.MKDOCS, ToolRunner.AUTO, null, null, null, true, null, null, null);
  }
}
