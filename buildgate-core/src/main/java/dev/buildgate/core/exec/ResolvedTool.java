package dev.buildgate.core.exec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A tool ready to run: append its arguments to {@link #command()}.
 *
 * @param name the tool's name
 * @param command the argv prefix that runs the tool (for example {@code [uvx, ruff==0.17.6]})
 * @param via how the tool was resolved (never {@link ToolRunner#AUTO})
 * @param description a short human description, for example {@code ruff from PATH (/usr/bin/ruff)}
 */
public record ResolvedTool(String name, List<String> command, ToolRunner via, String description) {

  /** Validates and copies the components. */
  public ResolvedTool {
    Objects.requireNonNull(name, "name");
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    Objects.requireNonNull(via, "via");
    description = Objects.requireNonNullElse(description, name);
  }

  /**
   * Returns how to pass a file to the tool as an argument. For a tool run in a container ({@link
   * ToolRunner#IMAGE}) a path inside the mounted project directory becomes the matching path under
   * {@code /src}; a path outside it cannot be seen by the tool and is rejected. Otherwise the path
   * is returned as is.
   *
   * @param path a path on this machine
   * @return the argument the tool understands
   * @throws IllegalArgumentException if a containerised tool cannot see the path
   */
  public String pathArgument(Path path) {
    if (via != ToolRunner.IMAGE) {
      return path.toString();
    }
    int v = command.indexOf("-v");
    if (v < 0 || v + 1 >= command.size()) {
      return path.toString();
    }
    String mount = command.get(v + 1);
    int colon = mount.lastIndexOf(':');
    Path hostDir = Path.of(mount.substring(0, colon)).toAbsolutePath().normalize();
    String containerDir = mount.substring(colon + 1);
    Path abs = path.toAbsolutePath().normalize();
    if (!abs.startsWith(hostDir)) {
      throw new IllegalArgumentException(
          path
              + " is outside the project directory "
              + hostDir
              + " mounted into the "
              + name
              + " container: keep the tool's inputs and reports under the project");
    }
    String rel = hostDir.relativize(abs).toString().replace('\\', '/');
    return rel.isEmpty() ? containerDir : containerDir + "/" + rel;
  }

  /**
   * Returns the full argv: the command prefix followed by the arguments.
   *
   * @param args the tool's arguments
   * @return a new unmodifiable argv
   */
  public List<String> argv(List<String> args) {
    List<String> out = new ArrayList<>(command.size() + args.size());
    out.addAll(command);
    out.addAll(args);
    return List.copyOf(out);
  }

  /**
   * Returns the full argv: the command prefix followed by the arguments.
   *
   * @param args the tool's arguments
   * @return a new unmodifiable argv
   */
  public List<String> argv(String... args) {
    return argv(Arrays.asList(args));
  }
}
