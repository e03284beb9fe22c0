package dev.buildgate.core.ci;

import java.io.PrintStream;
import java.util.Map;

/**
 * GitHub Actions workflow commands: log groups and the escaping annotations need.
 *
 * <p>The runner reads a command only at the start of a line (after leading spaces), so these lines
 * go to the process's standard output as they are, not through Maven's logger (which prefixes
 * {@code [INFO] }).
 */
public final class GitHubWorkflow {

  private GitHubWorkflow() {}

  /** True when the build runs in GitHub Actions ({@code GITHUB_ACTIONS=true}). */
  public static boolean active(Map<String, String> env) {
    return env != null && "github".equals(CiDetector.detectProvider(env));
  }

  /** Starts a folded group titled {@code title} in the job log. */
  public static void group(PrintStream out, String title) {
    synchronized (out) {
      out.println("::group::" + data(title));
      out.flush();
    }
  }

  /** Ends the open group. */
  public static void endGroup(PrintStream out) {
    synchronized (out) {
      out.println("::endgroup::");
      out.flush();
    }
  }

  /** Escapes a command's message: {@code %}, CR and LF. */
  public static String data(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
  }

  /** Escapes a command property value: as {@link #data} plus {@code :} and {@code ,}. */
  public static String property(String s) {
    return data(s).replace(":", "%3A").replace(",", "%2C");
  }
}
