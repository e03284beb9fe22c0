package dev.buildgate.quality.maven;

import java.io.File;
import java.util.List;
import java.util.Map;

/**
 * One analyzer's block in the plugin configuration ({@code <ruff>}, {@code <mypy>}, {@code
 * <bandit>}, or an entry of {@code <sarifTools>}). Every field is optional.
 */
public class AnalyzerParameters {
  /** Whether {@code check} and the analyzer's own goal run it (default true). */
  Boolean enabled;

  /** Directory the tool runs in, relative to the project base directory (e.g. {@code backend}). */
  String workingDirectory;

  /** Pinned tool version (e.g. {@code 0.17.6}); the run fails if another version is found. */
  String version;

  /**
   * {@code auto} (PATH, then uvx when a version is pinned, then image), {@code path}, {@code uv},
   * {@code uvx}, {@code image}.
   */
  String runner;

  /** Explicit executable. */
  File path;

  /** Package spec for uvx (default {@code <tool>==<version>}, e.g. {@code bandit[toml]==1.9.4}). */
  String packageSpec;

  /** Container image for {@code runner=image}. */
  String image;

  /** Extra arguments placed before the paths. */
  List<String> args;

  /**
   * The tool's configuration file, relative to the working directory (e.g. {@code pyproject.toml}).
   */
  String configFile;

  /** Paths to analyze, relative to the working directory (default {@code .}). */
  List<String> includes;

  /** Paths or globs not analyzed and whose findings are dropped (e.g. {@code tests/}). */
  List<String> excludes;

  /** Environment variables for the tool. */
  Map<String, String> env;

  /** Environment variables copied from the build's environment: target name to source name. */
  Map<String, String> envFrom;

  /**
   * Environment variables taken from a settings.xml server's password: target name to server id.
   */
  Map<String, String> envFromServers;

  /** Findings at or above this severity (INFO, LOW, MEDIUM, HIGH, CRITICAL) fail the gate. */
  String threshold;

  /** Ratchet: fail when more findings at or above the threshold exist (baselined or not). */
  Integer maxFindings;

  /** Time limit, e.g. {@code 90s}, {@code 10m} (default 10m). */
  String timeout;

  /** Globs of the files whose content decides whether the analyzer is up to date. */
  List<String> inputIncludes;

  /** Globs excluded from those inputs. */
  List<String> inputExcludes;
}
