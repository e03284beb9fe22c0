package dev.buildgate.docs.site;

import dev.buildgate.core.exec.ToolRunner;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.docs.DocsDurations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the site generator is found and run.
 *
 * @param kind mkdocs, zensical or custom
 * @param runner AUTO (configured path, PATH, then uvx), PATH or UVX
 * @param executable a configured executable, or null
 * @param packageSpec the pinned generator package for uvx, e.g. {@code mkdocs==1.6.1}
 * @param withPackages pinned plugin packages for uvx ({@code --with}), e.g.
 *     mkdocs-mermaid2-plugin==1.2.1; they are added to the defaults ({@link #MKDOCS_PLUGINS} for
 *     MkDocs), an entry naming a default's package replaces its pin
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
        withDefaults(kind == GeneratorKind.MKDOCS ? MKDOCS_PLUGINS : List.of(), withPackages);
    customCommand = customCommand == null ? List.of() : List.copyOf(customCommand);
    extraArgs = extraArgs == null ? List.of() : List.copyOf(extraArgs);
    timeout = Objects.requireNonNullElse(timeout, Duration.ofMinutes(10));
  }

  /**
   * The default packages plus the user's: a user entry for the same package (name compared as pip
   * does: case, {@code _} and {@code .} do not matter) replaces the default's pin in its place.
   */
  static List<String> withDefaults(List<String> defaults, List<String> extra) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (String p : defaults) {
      byName.put(packageName(p), p);
    }
    if (extra != null) {
      for (String p : extra) {
        if (p != null && !p.isBlank()) {
          byName.put(packageName(p.strip()), p.strip());
        }
      }
    }
    return List.copyOf(byName.values());
  }

  /**
   * The normalised distribution name of a requirement, e.g. {@code mkdocs-material} for {@code
   * MkDocs_Material[imaging]>=9}.
   */
  static String packageName(String requirement) {
    Matcher m = NAME.matcher(requirement);
    String name = m.lookingAt() ? m.group() : requirement;
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
  }

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** MkDocs with the pinned defaults. */
  public static GeneratorOptions mkdocs() {
    return new GeneratorOptions(
        GeneratorKind.MKDOCS, ToolRunner.AUTO, null, null, null, true, null, null, null);
  }

  /**
   * A builder from the settings as written (strings), which checks them.
   *
   * @return a builder with the defaults (mkdocs, AUTO, strict, 10m)
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Generator settings as written; {@link #build()} checks them. */
  public static final class Builder {
    private String kind = "mkdocs";
    private String runner = "AUTO";
    private Path executable;
    private String packageSpec;
    private List<String> withPackages;
    private boolean strict = true;
    private List<String> customCommand;
    private List<String> extraArgs;
    private String timeout = "10m";

    private Builder() {}

    /**
     * @param kind mkdocs, zensical or custom ({@code <generator>})
     * @return this
     */
    public Builder kind(String kind) {
      this.kind = kind;
      return this;
    }

    /**
     * @param runner AUTO, PATH or UVX ({@code <generatorRunner>})
     * @return this
     */
    public Builder runner(String runner) {
      this.runner = runner;
      return this;
    }

    /**
     * @param executable an explicit executable, or null
     * @return this
     */
    public Builder executable(Path executable) {
      this.executable = executable;
      return this;
    }

    /**
     * @param packageSpec the pinned package for uvx, or null for the default
     * @return this
     */
    public Builder packageSpec(String packageSpec) {
      this.packageSpec = packageSpec;
      return this;
    }

    /**
     * @param withPackages pinned plugin packages for uvx, or null
     * @return this
     */
    public Builder withPackages(List<String> withPackages) {
      this.withPackages = withPackages;
      return this;
    }

    /**
     * @param strict whether a warning fails the build
     * @return this
     */
    public Builder strict(boolean strict) {
      this.strict = strict;
      return this;
    }

    /**
     * @param customCommand the argv of a custom generator, or null
     * @return this
     */
    public Builder customCommand(List<String> customCommand) {
      this.customCommand = customCommand;
      return this;
    }

    /**
     * @param extraArgs arguments appended to the mkdocs/zensical command, or null
     * @return this
     */
    public Builder extraArgs(List<String> extraArgs) {
      this.extraArgs = extraArgs;
      return this;
    }

    /**
     * @param timeout the time limit as written ({@code <generatorTimeout>})
     * @return this
     */
    public Builder timeout(String timeout) {
      this.timeout = timeout;
      return this;
    }

    /**
     * Checks the settings.
     *
     * @return the options
     * @throws GateCannotRunException one line naming the setting at fault
     */
    public GeneratorOptions build() throws GateCannotRunException {
      GeneratorKind k = GeneratorKind.parse(kind);
      ToolRunner r;
      try {
        r = ToolRunner.valueOf(runner.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new GateCannotRunException(
            "Unknown <generatorRunner> '"
                + runner
                + "' (buildgate.docs.generator.runner): use AUTO, PATH or UVX.");
      }
      if (r != ToolRunner.AUTO && r != ToolRunner.PATH && r != ToolRunner.UVX) {
        throw new GateCannotRunException(
            "<generatorRunner> " + r + " is not supported for docs: use AUTO, PATH or UVX.");
      }
      return new GeneratorOptions(
          k,
          r,
          executable,
          packageSpec,
          withPackages,
          strict,
          customCommand,
          extraArgs,
          DocsDurations.parse(
              "<generatorTimeout> (buildgate.docs.generator.timeout)", timeout, true));
    }
  }
}
