package dev.buildgate.core.exec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Finds executables on a {@code PATH} value, as a shell would. */
public final class Executables {

  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

  private Executables() {}

  /**
   * Returns the {@code PATH} value of an environment ({@code Path} on Windows is accepted too).
   *
   * @param env the environment
   * @return the {@code PATH} value, or an empty string if unset
   */
  public static String pathOf(Map<String, String> env) {
    String path = env.get("PATH");
    if (path == null && WINDOWS) {
      for (Map.Entry<String, String> e : env.entrySet()) {
        if (e.getKey().equalsIgnoreCase("PATH")) {
          return e.getValue();
        }
      }
    }
    return path == null ? "" : path;
  }

  /**
   * Returns whether a command name is a path (contains a separator) rather than a name looked up on
   * {@code PATH}.
   *
   * @param command the command
   * @return {@code true} if it contains a path separator
   */
  public static boolean isPath(String command) {
    return command.indexOf('/') >= 0 || (WINDOWS && command.indexOf('\\') >= 0);
  }

  /**
   * Searches a {@code PATH} value for an executable file.
   *
   * @param name the executable's name (no separators)
   * @param path the {@code PATH} value
   * @return the absolute path of the first match, or empty
   */
  public static Optional<Path> find(String name, String path) {
    if (name.isEmpty() || path == null || path.isEmpty()) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator, -1)) {
      if (dir.isEmpty()) {
        continue; // an empty entry means "current directory": too surprising, ignored
      }
      for (String candidate : candidates(name)) {
        try {
          Path p = Path.of(dir, candidate);
          if (isExecutableFile(p)) {
            return Optional.of(p.toAbsolutePath());
          }
        } catch (InvalidPathException e) {
          // a garbled PATH entry cannot hold the executable
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Searches the {@code PATH} of an environment for an executable file.
   *
   * @param name the executable's name
   * @param env the environment whose {@code PATH} is searched
   * @return the absolute path of the first match, or empty
   */
  public static Optional<Path> find(String name, Map<String, String> env) {
    return find(name, pathOf(env));
  }

  /**
   * Returns whether a path is a regular file the current user may execute.
   *
   * @param p the path
   * @return {@code true} if it is an executable regular file
   */
  public static boolean isExecutableFile(Path p) {
    return Files.isRegularFile(p) && Files.isExecutable(p);
  }

  private static List<String> candidates(String name) {
    List<String> out = new ArrayList<>();
    out.add(name);
    if (WINDOWS && name.indexOf('.') < 0) {
      String pathext = System.getenv().getOrDefault("PATHEXT", ".COM;.EXE;.BAT;.CMD");
      for (String ext : pathext.split(";")) {
        if (!ext.isEmpty()) {
          out.add(name + ext.toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }
}
