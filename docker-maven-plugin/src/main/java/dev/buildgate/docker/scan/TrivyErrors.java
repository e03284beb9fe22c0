package dev.buildgate.docker.scan;

import dev.buildgate.core.exec.ProcessResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Turns a failed Trivy run into one line saying what failed and what to do. */
final class TrivyErrors {

  private TrivyErrors() {}

  /**
   * The last {@code FATAL}/{@code ERROR} message of Trivy's output, without timestamp and level,
   * with its continuation lines (Trivy prints "1 error occurred:" and the cause on the next lines)
   * joined into one line.
   */
  static String fatalLine(ProcessResult r) {
    String found = null;
    for (String text : List.of(r.stdout(), r.stderr())) {
      if (text == null) {
        continue;
      }
      String[] lines = text.split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i];
        if (line.contains("\tFATAL\t") || line.contains("\tERROR\t")) {
          String[] parts = line.split("\t");
          StringBuilder sb = new StringBuilder(parts[parts.length - 1].trim());
          for (int j = i + 1;
              j < lines.length && !lines[j].matches("^\\d{4}-\\d\\d-\\d\\dT.*");
              j++) {
            String c = lines[j].trim();
            if (!c.isEmpty()) {
              sb.append(' ').append(c);
            }
          }
          found = sb.toString();
        }
      }
    }
    if (found == null) {
      String tail = r.outputTail(1).trim();
      return tail.isEmpty() ? "no output" : tail;
    }
    return found.length() > 500 ? found.substring(0, 500) + "..." : found;
  }

  /** Explains a failed database download. */
  static String downloadFailed(ProcessResult r, ScanConfig config, boolean javaDb) {
    String which = javaDb ? "Java database" : "vulnerability database";
    return "Trivy could not download its "
        + which
        + " into "
        + (config.cacheDir() != null ? config.cacheDir() : "its default cache")
        + " ("
        + fatalLine(r)
        + "): allow access to the DB registry or set <"
        + (javaDb ? "javaDbRepository" : "dbRepository")
        + "> to a reachable mirror, or provide the database and set <"
        + (javaDb ? "skipJavaDbUpdate" : "skipDbUpdate")
        + ">true</"
        + (javaDb ? "skipJavaDbUpdate" : "skipDbUpdate")
        + ">";
  }

  /**
   * Explains a non-zero exit of a scan.
   *
   * @param r the result
   * @param target the image
   * @param config the configuration
   */
  static String explain(ProcessResult r, ImageTarget target, ScanConfig config) {
    String fatal = fatalLine(r);
    String low = fatal.toLowerCase(Locale.ROOT);
    String db = dbDir(config);
    // before "image not found": a deadline hit while inspecting the image reads as "unable to find"
    if (low.contains("context deadline exceeded")) {
      return timedOut(target, config);
    }
    if (low.contains("--skip-db-update cannot be specified on the first run")) {
      return noDatabase(config);
    }
    if (low.contains("failed to open db")
        || low.contains("db corrupted")
        || low.contains("invalid database")
        || low.contains("vulnerability db initialize")) {
      return "Trivy's vulnerability database in "
          + db
          + " is corrupt or unreadable ("
          + fatal
          + "): delete "
          + db
          + " and let Trivy download it again, or rebuild it (.ci/make-trivy-db.sh in CI)";
    }
    if (low.contains("may be in use by another process")) {
      return "Trivy's cache "
          + db
          + " is locked by another process ("
          + fatal
          + "): wait for the other Trivy to finish or use another <trivyCacheDir>";
    }
    // before "image not found": Trivy says so too when it cannot reach the daemon to look
    if (daemonUnreachable(low)) {
      return daemonUnreachable(target, config, fatal);
    }
    if (low.contains("unable to find the specified image")) {
      return "Image "
          + target.ref()
          + " not found for "
          + target.name()
          + " (image source "
          + TrivyCommand.imageSource(target)
          + "): build it with docker:build first or fix the configured ref ("
          + fatal
          + ")";
    }
    if (low.contains("failed to download") || low.contains("db download")) {
      return "Trivy could not download its vulnerability database ("
          + fatal
          + "): allow network access to the DB registry, or provide a database in "
          + db
          + " and set <skipDbUpdate>true</skipDbUpdate>";
    }
    return "Trivy failed on "
        + target.name()
        + " ("
        + target.ref()
        + ") with exit code "
        + r.exitCode()
        + ": "
        + fatal;
  }

  /** Whether Trivy's message says the Docker daemon did not answer. */
  static boolean daemonUnreachable(String low) {
    return low.contains("cannot connect to the docker daemon")
        || low.contains("is the docker daemon running")
        || (low.contains("docker.sock") && low.contains("connect:"))
        || (low.contains("docker error") && low.contains("connection refused"));
  }

  static String daemonUnreachable(ImageTarget target, ScanConfig config, String fatal) {
    String host = config.env().get("DOCKER_HOST");
    return "Trivy could not reach the Docker daemon to read "
        + target.name()
        + " ("
        + target.ref()
        + ") at "
        + (host == null || host.isBlank()
            ? "unix:///var/run/docker.sock (DOCKER_HOST is not set)"
            : host + " (DOCKER_HOST)")
        + ": start Docker or point DOCKER_HOST at a running daemon (`docker info` must work),"
        + " then scan again ("
        + fatal
        + ")";
  }

  private static final java.util.regex.Pattern CRASH =
      java.util.regex.Pattern.compile(
          "^(panic: |fatal error: |unexpected fault address |goroutine \\d+ .*\\[\\w+.*]:$)");

  /** Whether an output line starts a Go runtime crash (panic, fatal error, fault). */
  static boolean startsCrash(String line) {
    return CRASH.matcher(line).find();
  }

  /** One line: Trivy crashed, with the crash's first line; the whole output is in a file. */
  static String crashed(ImageTarget target, ScanConfig config, String firstLine, Path output) {
    String what = firstLine.length() > 200 ? firstLine.substring(0, 200) + "..." : firstLine;
    return "Trivy crashed scanning "
        + target.name()
        + " ("
        + target.ref()
        + "): "
        + what
        + " (its output and stack are in "
        + output
        + "); if it recurs, delete "
        + dbDir(config)
        + " and let Trivy download it again, or rebuild it (.ci/make-trivy-db.sh in CI)";
  }

  /** One line: the vulnerability database is damaged, and how to get a good one. */
  static String damagedDatabase(ScanConfig config, Path db, String why) {
    return "Trivy's vulnerability database "
        + db.resolve("trivy.db")
        + " is damaged ("
        + why
        + "), so no scan can be trusted: delete "
        + db
        + " and let Trivy download it again"
        + (config.skipDbUpdate() ? " (unset skipDbUpdate for one build)" : "")
        + ", or rebuild it (.ci/make-trivy-db.sh in CI)";
  }

  static String timedOut(ImageTarget target, ScanConfig config) {
    return "Trivy timed out after "
        + TrivyCommand.goDuration(config.timeout())
        + " scanning "
        + target.name()
        + " ("
        + target.ref()
        + "): raise <scanTimeout> (buildgate.docker.scan.timeout, e.g. 10m) or check the daemon/registry";
  }

  static String noDatabase(ScanConfig config) {
    String db = dbDir(config);
    if (config.network().offline()) {
      return "No Trivy vulnerability database in "
          + db
          + " and Maven is offline (-o), so none is downloaded: run the scan once without -o"
          + " (or trivy image --download-db-only"
          + (config.cacheDir() != null ? " --cache-dir " + config.cacheDir() : "")
          + ") to cache one";
    }
    return "No Trivy vulnerability database in "
        + db
        + " and skipDbUpdate is set: download one once (trivy image --download-db-only"
        + (config.cacheDir() != null ? " --cache-dir " + config.cacheDir() : "")
        + "), build one (.ci/make-trivy-db.sh in CI), or unset skipDbUpdate";
  }

  static String dbDir(ScanConfig config) {
    Path c = config.cacheDir();
    return c != null ? c.resolve("db").toString() : "Trivy's default cache (~/.cache/trivy/db)";
  }
}
