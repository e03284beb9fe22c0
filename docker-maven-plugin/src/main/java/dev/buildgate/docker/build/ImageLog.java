package dev.buildgate.docker.build;

import dev.buildgate.core.gate.GateLog;
import dev.buildgate.docker.image.ImageResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One image's build output: every line goes to {@code <outputDir>/<image>.log} and, prefixed with
 * the image name, to the build log. Counts build steps and cached steps. Thread-safe.
 */
public final class ImageLog implements AutoCloseable {

  private static final Pattern BUILDX_STEP = Pattern.compile("^#(\\d+) \\[[^\\]]*\\d+/\\d+\\] .*");
  private static final Pattern BUILDX_CACHED = Pattern.compile("^#(\\d+) CACHED\\s*$");
  private static final Pattern ENGINE_STEP = Pattern.compile("^Step \\d+/\\d+ : .*");
  private static final Pattern ENGINE_CACHED = Pattern.compile("^\\s*---> Using cache\\s*$");

  private final String name;
  private final Path file;
  private final BufferedWriter writer;
  private final GateLog log;
  private final java.util.Set<String> steps = new java.util.HashSet<>();
  private final java.util.Set<String> cached = new java.util.HashSet<>();
  private int engineSteps;
  private int engineCached;
  private final Deque<String> tail = new ArrayDeque<>();

  /**
   * Opens (truncates) the log file.
   *
   * @param name the image name (prefix)
   * @param file the log file
   * @param log the build log
   * @throws IOException when the file cannot be created
   */
  public ImageLog(String name, Path file, GateLog log) throws IOException {
    this.name = name;
    this.file = file;
    Files.createDirectories(file.getParent());
    this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    this.log = log;
  }

  /**
   * The log file name for an image.
   *
   * @param image the image name
   * @return e.g. {@code base.log} ({@code /} replaced by {@code _})
   */
  public static String fileName(String image) {
    return image.replace('/', '_') + ".log";
  }

  /**
   * One output line.
   *
   * @param line the text (without newline)
   */
  public synchronized void line(String line) {
    try {
      writer.write(line);
      writer.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    log.info("[" + name + "] " + line);
    var m = BUILDX_STEP.matcher(line);
    if (m.matches()) {
      steps.add(m.group(1));
    }
    var c = BUILDX_CACHED.matcher(line);
    if (c.matches()) {
      cached.add(c.group(1));
    }
    if (ENGINE_STEP.matcher(line).matches()) {
      engineSteps++;
    }
    if (ENGINE_CACHED.matcher(line).matches()) {
      engineCached++;
    }
    tail.addLast(line);
    if (tail.size() > 15) {
      tail.removeFirst();
    }
  }

  /**
   * A note written to the file and the build log.
   *
   * @param text the note
   */
  public void note(String text) {
    line(text);
  }

  /**
   * Cache use seen so far.
   *
   * @return steps and cached steps
   */
  public synchronized ImageResult.Cache cache() {
    if (engineSteps > 0) {
      return new ImageResult.Cache(engineSteps, engineCached);
    }
    int s = 0;
    int k = 0;
    for (String id : steps) {
      s++;
      if (cached.contains(id)) {
        k++;
      }
    }
    return new ImageResult.Cache(s, k);
  }

  /**
   * The last lines.
   *
   * @return up to 15 lines
   */
  public synchronized List<String> tail() {
    return List.copyOf(tail);
  }

  /**
   * The log file.
   *
   * @return the path
   */
  public Path file() {
    return file;
  }

  @Override
  public synchronized void close() throws IOException {
    writer.close();
  }
}
