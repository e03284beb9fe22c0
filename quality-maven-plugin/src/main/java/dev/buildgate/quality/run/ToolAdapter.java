package dev.buildgate.quality.run;

import dev.buildgate.quality.AnalyzerConfig;
import dev.buildgate.quality.AnalyzerKind;
import dev.buildgate.quality.Globs;
import dev.buildgate.quality.parse.BanditJsonParser;
import dev.buildgate.quality.parse.MypyOutputParser;
import dev.buildgate.quality.parse.OutputParser;
import dev.buildgate.quality.parse.RuffJsonParser;
import dev.buildgate.quality.parse.SarifParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to invoke one kind of analyzer and read its exit code: the command line (machine-readable
 * output into a report file), which exit codes mean "ran" (findings or not) and which mean "could
 * not run", and the parser for the report.
 */
public abstract class ToolAdapter {

  /** The arguments appended to the resolved command and where the report ends up. */
  public record Invocation(List<String> args, Path report, boolean stdoutIsReport) {}

  /** What an exit code means. */
  public enum Exit {
    /** The tool ran: read the report (findings or none). */
    RAN,
    /** The tool ran but stopped on blocking errors (mypy exit 2 with diagnostics). */
    BLOCKED,
    /** The tool did not run properly: fail closed. */
    ERROR
  }

  /** The adapter for a kind. */
  public static ToolAdapter of(AnalyzerKind kind) {
    switch (kind) {
      case RUFF:
        return new Ruff();
      case MYPY:
        return new Mypy();
      case BANDIT:
        return new Bandit();
      default:
        return new Sarif();
    }
  }

  /** Where {@code runner=image} mounts the working directory inside the container. */
  public static final String CONTAINER_DIR = "/src";

  /**
   * The invocation; {@code version} is the tool's version or null when unknown. In a container
   * ({@code runner=image}, the working directory mounted at {@link #CONTAINER_DIR}) paths are
   * container paths and reports come through stdout.
   */
  public abstract Invocation invocation(
      AnalyzerConfig c, Path report, String version, boolean container);

  /** A host path as the tool sees it: itself, or under {@link #CONTAINER_DIR} in a container. */
  static String toolPath(AnalyzerConfig c, Path host, boolean container) {
    if (!container) {
      return host.toString();
    }
    Path abs = host.toAbsolutePath().normalize();
    if (!abs.startsWith(c.workingDir())) {
      throw new IllegalArgumentException(
          abs
              + " is outside the working directory "
              + c.workingDir()
              + ", which is all a container sees: move it there or use another runner");
    }
    String rel = c.workingDir().relativize(abs).toString().replace('\\', '/');
    return rel.isEmpty() ? CONTAINER_DIR : CONTAINER_DIR + "/" + rel;
  }

  /** The meaning of an exit code. */
  public abstract Exit exit(AnalyzerConfig c, int code);

  /**
   * Whether this exit code promises findings: such a run that reports none is inconsistent and
   * fails closed.
   */
  public boolean exitMeansFindings(int code) {
    return false;
  }

  public abstract OutputParser parser();

  /** Exit codes in human terms for error messages. */
  public abstract String exitCodes(AnalyzerConfig c);

  /** Tools that exit 0 when clean, 1 with findings, and anything else when they could not run. */
  abstract static class CleanOrFindings extends ToolAdapter {
    @Override
    public Exit exit(AnalyzerConfig c, int code) {
      return code == 0 || code == 1 ? Exit.RAN : Exit.ERROR;
    }

    @Override
    public boolean exitMeansFindings(int code) {
      return code == 1;
    }
  }

  static final class Ruff extends CleanOrFindings {
    @Override
    public Invocation invocation(AnalyzerConfig c, Path report, String version, boolean container) {
      List<String> a = new ArrayList<>();
      a.add("check");
      a.add("--output-format");
      a.add("json");
      if (!container) {
        a.add("--output-file");
        a.add(report.toString());
      }
      a.add("--no-fix");
      if (c.configFile() != null) {
        a.add("--config");
        a.add(toolPath(c, c.configFile(), container));
      }
      for (String e : c.excludes()) {
        a.add("--extend-exclude");
        a.add(e);
      }
      a.addAll(c.args());
      a.add("--");
      a.addAll(c.includes());
      return new Invocation(a, report, container);
    }

    @Override
    public OutputParser parser() {
      return new RuffJsonParser();
    }

    @Override
    public String exitCodes(AnalyzerConfig c) {
      return "ruff exits 0 (clean), 1 (findings), 2 (error)";
    }
  }

  static final class Mypy extends CleanOrFindings {
    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

    /** Whether to ask for {@code -O json}: configured, or mypy 1.11 and later. */
    static boolean json(AnalyzerConfig c, String version) {
      if ("json".equalsIgnoreCase(c.outputFormat())) {
        return true;
      }
      if ("text".equalsIgnoreCase(c.outputFormat()) || version == null) {
        return false;
      }
      Matcher m = VERSION.matcher(version);
      if (!m.find()) {
        return false;
      }
      int major = Integer.parseInt(m.group(1));
      int minor = Integer.parseInt(m.group(2));
      return major > 1 || (major == 1 && minor >= 11);
    }

    @Override
    public Invocation invocation(AnalyzerConfig c, Path report, String version, boolean container) {
      List<String> a = new ArrayList<>();
      if (c.configFile() != null) {
        a.add("--config-file");
        a.add(toolPath(c, c.configFile(), container));
      }
      if (json(c, version)) {
        a.add("-O");
        a.add("json");
      } else {
        a.add("--show-column-numbers");
        a.add("--show-error-codes");
        a.add("--no-error-summary");
      }
      a.add("--no-pretty");
      a.add("--no-color-output");
      if (Boolean.TRUE.equals(c.strict())) {
        a.add("--strict");
      }
      for (String e : c.excludes()) {
        a.add("--exclude");
        a.add(Globs.toMypyRegex(e));
      }
      a.addAll(c.args());
      a.addAll(c.includes());
      return new Invocation(a, report, true);
    }

    @Override
    public Exit exit(AnalyzerConfig c, int code) {
      if (code == 0 || code == 1) {
        return Exit.RAN;
      }
      return code == 2 ? Exit.BLOCKED : Exit.ERROR;
    }

    @Override
    public OutputParser parser() {
      return new MypyOutputParser();
    }

    @Override
    public String exitCodes(AnalyzerConfig c) {
      return "mypy exits 0 (clean), 1 (errors), 2 (blocking error or crash)";
    }
  }

  static final class Bandit extends CleanOrFindings {
    @Override
    public Invocation invocation(AnalyzerConfig c, Path report, String version, boolean container) {
      List<String> a = new ArrayList<>();
      a.add("-r");
      a.add("-f");
      a.add("json");
      if (!container) {
        a.add("-o");
        a.add(report.toString());
      }
      a.add("-q");
      if (c.configFile() != null) {
        a.add("-c");
        a.add(toolPath(c, c.configFile(), container));
      }
      if (!c.excludes().isEmpty()) {
        List<String> x = new ArrayList<>();
        for (String e : c.excludes()) {
          x.addAll(Globs.toBanditExcludes(e));
        }
        a.add("-x");
        a.add(String.join(",", x));
      }
      a.addAll(c.args());
      a.addAll(c.includes());
      return new Invocation(a, report, container);
    }

    @Override
    public OutputParser parser() {
      return new BanditJsonParser();
    }

    @Override
    public String exitCodes(AnalyzerConfig c) {
      return "bandit exits 0 (clean), 1 (issues), 2 (error)";
    }
  }

  static final class Sarif extends ToolAdapter {
    /** Placeholder in SARIF tool arguments replaced by the report file's absolute path. */
    static final String REPORT_PLACEHOLDER = "{report}";

    @Override
    public Invocation invocation(AnalyzerConfig c, Path report, String version, boolean container) {
      Path out = c.sarifFile() == null ? report : c.workingDir().resolve(c.sarifFile()).normalize();
      List<String> a = new ArrayList<>();
      for (String arg : c.args()) {
        a.add(arg.replace(REPORT_PLACEHOLDER, toolPath(c, out, container)));
      }
      return new Invocation(a, out, c.sarifFile() == null);
    }

    @Override
    public Exit exit(AnalyzerConfig c, int code) {
      return c.okExitCodes().contains(code) ? Exit.RAN : Exit.ERROR;
    }

    @Override
    public OutputParser parser() {
      return new SarifParser();
    }

    @Override
    public String exitCodes(AnalyzerConfig c) {
      return c.id() + " exit codes accepted: " + new java.util.TreeSet<>(c.okExitCodes());
    }
  }
}
