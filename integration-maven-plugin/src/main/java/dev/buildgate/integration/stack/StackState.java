package dev.buildgate.integration.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.buildgate.core.io.AtomicFiles;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.integration.StackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code up} leaves for {@code test} and {@code down} (also when they run in another Maven
 * invocation): {@code target/buildgate/integration/stack.json}.
 *
 * @param project compose project name
 * @param projectKey groupId:artifactId
 * @param runId run id used in run-scoped prefixes
 * @param projectDirectory compose project directory
 * @param files compose files passed with -f (rendered CI file, run file)
 * @param services services of the rendered file
 * @param properties exported properties ({@code integration.<service>.<port>} and friends)
 * @param startedAt epoch millis when up started
 * @param owner host/pid of the Maven that started it
 */
public record StackState(
    String project,
    String projectKey,
    String runId,
    String projectDirectory,
    List<String> files,
    List<String> services,
    Map<String, String> properties,
    long startedAt,
    String owner) {

  /** Loaded on first use: {@code up} asks whether a state exists before any JSON is needed. */
  private static final class Json {
    static final ObjectMapper MAPPER =
        InputLimits.jsonMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  public StackState {
    files = files == null ? List.of() : List.copyOf(files);
    services = services == null ? List.of() : List.copyOf(services);
    properties = properties == null ? Map.of() : new TreeMap<>(properties);
  }

  public void write(Path file) throws IOException {
    AtomicFiles.write(file, out -> Json.MAPPER.writeValue(out, this));
  }

  /** Loads the JSON data binding of this record (e.g. while compose starts the stack). */
  static void warmUp() {
    try {
      Json.MAPPER.readValue(
          Json.MAPPER.writeValueAsBytes(
              new StackState("p", "k", "r", ".", List.of("f"), List.of("s"), Map.of(), 0L, "o")),
          StackState.class);
    } catch (IOException | RuntimeException e) {
      // only a head start
    }
  }

  /** The state, or null when there is none (no stack started from this project directory). */
  public static StackState read(Path file) throws StackException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Json.MAPPER.readValue(file.toFile(), StackState.class);
    } catch (IOException e) {
      throw new StackException(
          "cannot read " + file + " (" + e.getMessage() + "); delete it and run integration:down.");
    }
  }
}
