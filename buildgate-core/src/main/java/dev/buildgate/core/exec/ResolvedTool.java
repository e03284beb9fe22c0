package dev.buildgate.core.exec;

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
