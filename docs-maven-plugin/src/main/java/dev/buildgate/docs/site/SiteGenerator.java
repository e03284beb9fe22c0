package dev.buildgate.docs.site;

import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.exec.StreamKind;
import dev.buildgate.core.exec.ToolNotFoundException;
import dev.buildgate.core.exec.ToolRequest;
import dev.buildgate.core.exec.ToolResolver;
import dev.buildgate.core.exec.ToolRunner;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.io.FileTrees;
import dev.buildgate.core.net.Network;
import dev.buildgate.docs.site.Staging.Staged;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs MkDocs, Zensical or a custom command over the staged docs. */
public final class SiteGenerator {

  private static final int MAX_PROBLEM_LINES = 15;

  private final ProcessRunner runner;
  private final ToolResolver resolver;
  private final GateLog log;
  private final Network network;

  public SiteGenerator(ProcessRunner runner, ToolResolver resolver, GateLog log) {
    this(runner, resolver, log, Network.DIRECT);
  }

  /**
   * @param network the generator (and its plugins, uv) get {@link Network#toolEnv()}: proxies,
   *     {@code UV_OFFLINE} offline
   */
  public SiteGenerator(ProcessRunner runner, ToolResolver resolver, GateLog log, Network network) {
    this.runner = runner;
    this.resolver = resolver;
    this.log = log;
    this.network = network;
  }

  /** The full argv the generator runs with (tool resolved, placeholders filled). */
  public List<String> command(GeneratorOptions o, Staged staged, Path siteDir)
      throws GateCannotRunException {
    Path site = siteDir.toAbsolutePath().normalize();
    List<String> argv = new ArrayList<>();
    switch (o.kind()) {
      case CUSTOM -> {
        if (o.customCommand().isEmpty()) {
          throw new GateCannotRunException(
              "<generator>custom</generator> needs <generatorCommand> with the argv to run,"
                  + " e.g. <arg>my-tool</arg><arg>build</arg><arg>{site}</arg>.");
        }
        for (String arg : o.customCommand()) {
          argv.add(
              arg.replace("{config}", staged.configFile().toString())
                  .replace("{site}", site.toString())
                  .replace("{staging}", staged.dir().toString())
                  .replace("{docs}", staged.docsDir().toString()));
        }
      }
      case MKDOCS -> {
        argv.addAll(prefix(o, staged.dir()));
        argv.add("build");
        if (o.strict()) {
          argv.add("--strict");
        }
        argv.addAll(List.of("-f", staged.configFile().toString(), "-d", site.toString()));
        argv.addAll(o.extraArgs());
      }
      case ZENSICAL -> {
        argv.addAll(prefix(o, staged.dir()));
        argv.add("build");
        if (o.strict()) {
          argv.add("--strict");
        }
        argv.addAll(List.of("-f", staged.configFile().toString()));
        argv.addAll(o.extraArgs());
      }
    }
    return List.copyOf(argv);
  }

  private List<String> prefix(GeneratorOptions o, Path projectDir) throws GateCannotRunException {
    String exe = o.kind().id();
    String pathProblem = null;
    if (o.runner() != ToolRunner.UVX) {
      try {
        return resolver
            .resolve(
                new ToolRequest(
                    exe,
                    exe,
                    o.executable(),
                    null,
                    o.packageSpec(),
                    ToolRunner.PATH,
                    projectDir,
                    null))
            .command();
      } catch (ToolNotFoundException e) {
        if (o.runner() == ToolRunner.PATH || o.executable() != null) {
          throw new GateCannotRunException(e.getMessage(), e);
        }
        pathProblem = e.getMessage();
      }
    }
    List<String> uvx;
    try {
      uvx =
          resolver
              .resolve(
                  new ToolRequest(
                      "uvx", "uvx", null, null, null, ToolRunner.PATH, projectDir, null))
              .command();
    } catch (ToolNotFoundException e) {
      throw new GateCannotRunException(
          exe
              + " not found"
              + (pathProblem == null ? "" : " (" + firstLine(pathProblem) + ")")
              + " and uvx is not on PATH for the pinned fallback: install uv, or install "
              + String.join(" ", pinned(o))
              + " (pip), or set <generatorExecutable>.",
          e);
    }
    List<String> cmd = new ArrayList<>(uvx);
    cmd.add("--from");
    cmd.add(o.packageSpec());
    for (String p : o.withPackages()) {
      cmd.add("--with");
      cmd.add(p);
    }
    cmd.add(exe);
    return cmd;
  }

  private static List<String> pinned(GeneratorOptions o) {
    List<String> all = new ArrayList<>();
    all.add(o.packageSpec());
    all.addAll(o.withPackages());
    return all;
  }

  /**
   * Builds the site into {@code siteDir}.
   *
   * @return the warnings the generator printed (non-strict mode)
   * @throws GateFailedException when the generator fails (strict-mode warning, broken config)
   * @throws GateCannotRunException when it cannot run
   */
  public List<String> run(GeneratorOptions o, Staged staged, Path siteDir, List<String> argv)
      throws GateFailedException, GateCannotRunException {
    Path site = siteDir.toAbsolutePath().normalize();
    try {
      FileTrees.deleteRecursively(site);
      Files.createDirectories(site.getParent());
      if (o.kind() == GeneratorKind.ZENSICAL) {
        FileTrees.deleteRecursively(staged.configFile().getParent().resolve(ZENSICAL_SITE));
        pointSiteDir(staged.configFile(), ZENSICAL_SITE);
      }
    } catch (IOException e) {
      throw new GateCannotRunException("Could not prepare " + site + ": " + e.getMessage(), e);
    }
    String display = displayName(o, argv);
    log.info("Building docs: " + String.join(" ", argv));
    Set<String> problems = new LinkedHashSet<>();
    AtomicReference<String> missing = new AtomicReference<>();
    ProcessResult result;
    try {
      result =
          runner.run(
              ProcessSpec.builder(argv)
                  .workingDir(staged.dir())
                  .timeout(o.timeout())
                  .env(network.toolEnv())
                  .secrets(network.secrets())
                  .env("PYTHONUNBUFFERED", "1")
                  .env("NO_MKDOCS_2_WARNING", "1")
                  .build(),
              (stream, line) -> {
                String clean = ANSI.matcher(line).replaceAll("");
                String absent = missingComponent(clean);
                if (absent != null) {
                  missing.compareAndSet(null, absent);
                }
                if (isProblem(clean)) {
                  log.warn(clean);
                  synchronized (problems) {
                    if (problems.size() < MAX_PROBLEM_LINES) {
                      problems.add(clean.strip().replaceAll("\\s{2,}", " "));
                    }
                  }
                } else if (stream == StreamKind.STDERR || !clean.isBlank()) {
                  log.info(clean);
                }
              });
    } catch (ExecException e) {
      throw new GateCannotRunException(
          "Could not run the site generator (" + display + "): " + e.getMessage(), e);
    }
    if (result.exitCode() != 0 && missing.get() != null && o.kind() != GeneratorKind.CUSTOM) {
      throw new GateCannotRunException(missingMessage(o, argv, missing.get()));
    }
    if (result.exitCode() != 0) {
      StringBuilder msg =
          new StringBuilder()
              .append(display)
              .append(" failed (exit ")
              .append(result.exitCode())
              .append(")");
      if (problems.isEmpty()) {
        String tail = result.outputTail(10);
        if (!tail.isBlank()) {
          msg.append(":\n").append(tail.strip());
        }
      } else {
        msg.append(":");
        for (String p : problems) {
          msg.append("\n  ").append(p);
        }
      }
      throw new GateFailedException(msg.toString());
    }
    if (o.kind() == GeneratorKind.ZENSICAL) {
      moveZensicalSite(staged, site);
    }
    if (!Files.isDirectory(site)) {
      throw new GateCannotRunException(
          display + " finished but wrote no site to " + site + ": check the generator's output.");
    }
    return List.copyOf(problems);
  }

  // what MkDocs prints when mkdocs.yml names something its Python environment does not have
  private static final Pattern MISSING_PLUGIN =
      Pattern.compile("The \"([^\"]+)\" plugin is not installed");
  private static final Pattern MISSING_THEME =
      Pattern.compile("Unrecognised theme name: '([^']+)'");
  private static final Pattern MISSING_EXTENSION =
      Pattern.compile("Failed to load extension '([^']+)'");
  private static final Pattern MISSING_MODULE =
      Pattern.compile("cannot find module '[^']+' \\(No module named '([^']+)'\\)");

  /** Packages that provide the components the defaults and the reference pipeline use. */
  private static final Map<String, String> PROVIDERS =
      Map.of(
          "theme 'material'", "mkdocs-material",
          "Python module 'material'", "mkdocs-material",
          "plugin 'swagger-ui-tag'", "mkdocs-swagger-ui-tag",
          "plugin 'mermaid2'", "mkdocs-mermaid2-plugin",
          "Python module 'pymdownx'", "pymdown-extensions");

  /**
   * The plugin, theme, Markdown extension or Python module that a generator's output line says is
   * missing, e.g. {@code plugin 'mermaid2'}; {@code null} if the line says nothing of the kind.
   */
  static String missingComponent(String line) {
    Matcher m;
    if ((m = MISSING_PLUGIN.matcher(line)).find()) {
      return "plugin '" + m.group(1) + "'";
    }
    if ((m = MISSING_THEME.matcher(line)).find()) {
      return "theme '" + m.group(1) + "'";
    }
    if ((m = MISSING_EXTENSION.matcher(line)).find()) {
      return "Markdown extension '" + m.group(1) + "'";
    }
    if ((m = MISSING_MODULE.matcher(line)).find()) {
      return "Python module '" + m.group(1).split("\\.")[0] + "'";
    }
    return null;
  }

  /** One line: what the configuration names that the generator lacks, and how to provide it. */
  static String missingMessage(GeneratorOptions o, List<String> argv, String component) {
    String provider = PROVIDERS.get(component);
    String pkg =
        provider == null ? "the package that provides it" : "its package (" + provider + ")";
    String config = o.kind() == GeneratorKind.ZENSICAL ? "the docs configuration" : "mkdocs.yml";
    boolean viaUvx = Path.of(argv.get(0)).getFileName().toString().equals("uvx");
    if (viaUvx) {
      return config
          + " names the "
          + component
          + ", which the generator run through uvx does not have: add "
          + pkg
          + " to <generatorPlugins> (they are added to the defaults; now "
          + String.join(", ", o.withPackages())
          + ").";
    }
    return config
        + " names the "
        + component
        + ", which is not installed where "
        + argv.get(0)
        + " runs: install "
        + pkg
        + " there, or run the generator through uvx with it in <generatorPlugins>"
        + " (<generatorRunner>UVX</generatorRunner>).";
  }

  private static String displayName(GeneratorOptions o, List<String> argv) {
    return switch (o.kind()) {
      case MKDOCS -> "mkdocs build" + (o.strict() ? " --strict" : "");
      case ZENSICAL -> "zensical build" + (o.strict() ? " --strict" : "");
      case CUSTOM -> argv.get(0);
    };
  }

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
  private static final Pattern LOCATION = Pattern.compile("─\\[ ?\\S+:\\d+(:\\d+)? ?]");

  /** WARNING/ERROR lines (MkDocs), Warning:/Error: and their location (Zensical), aborts. */
  static boolean isProblem(String line) {
    String l = line.strip();
    String lower = l.toLowerCase(Locale.ROOT);
    return lower.startsWith("warning")
        || lower.startsWith("error")
        || lower.startsWith("aborted")
        || lower.startsWith("config value")
        || lower.contains("error: aborted")
        || LOCATION.matcher(l).find();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static final Pattern YAML_SITE_DIR = Pattern.compile("(?m)^site_dir\\s*:.*$");
  private static final Pattern TOML_SITE_DIR = Pattern.compile("(?m)^site_dir\\s*=.*$");
  private static final Pattern TOML_PROJECT = Pattern.compile("(?m)^\\[project\\]\\s*$");

  /** Zensical's output inside the staging dir (it refuses a site_dir outside its project). */
  static final String ZENSICAL_SITE = ".buildgate-site";

  private static void moveZensicalSite(Staged staged, Path site) throws GateCannotRunException {
    Path built = staged.configFile().getParent().resolve(ZENSICAL_SITE);
    if (!Files.isDirectory(built)) {
      return;
    }
    try {
      Files.move(built, site, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new GateCannotRunException(
          "Could not move the Zensical site from " + built + " to " + site + ": " + e, e);
    }
  }

  /**
   * Zensical has no --site-dir: the staged (never the source) config gets site_dir, relative to the
   * staged config.
   */
  static void pointSiteDir(Path stagedConfig, String siteDir) throws IOException {
    String text = Files.readString(stagedConfig, StandardCharsets.UTF_8);
    String name = stagedConfig.getFileName().toString().toLowerCase(Locale.ROOT);
    String updated;
    if (name.endsWith(".toml")) {
      String line = "site_dir = \"" + siteDir.replace("\\", "\\\\") + "\"";
      Matcher m = TOML_SITE_DIR.matcher(text);
      if (m.find()) {
        updated = m.replaceFirst(Matcher.quoteReplacement(line));
      } else {
        Matcher p = TOML_PROJECT.matcher(text);
        updated =
            p.find()
                ? text.substring(0, p.end()) + "\n" + line + text.substring(p.end())
                : line + "\n" + text;
      }
    } else {
      String line = "site_dir: '" + siteDir.replace("'", "''") + "'";
      Matcher m = YAML_SITE_DIR.matcher(text);
      updated =
          m.find()
              ? m.replaceFirst(Matcher.quoteReplacement(line))
              : text + (text.endsWith("\n") ? "" : "\n") + line + "\n";
    }
    Files.writeString(stagedConfig, updated, StandardCharsets.UTF_8);
  }
}
