package dev.buildgate.core.summary;

import dev.buildgate.core.io.AtomicFiles;
import dev.buildgate.core.io.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * When each gate of the build ran: one small file per gate run under {@code
 * <buildgateDir>/summary/timeline/<run>/} (safe across threads and JVMs, no lock needed; the first
 * record of a new run removes the earlier runs' directories), rendered as a Mermaid gantt chart for
 * {@code summary.md} and as text bars for the console, so the overlap of background gates with the
 * goals that run in order is visible.
 */
public final class GateTimeline {

  /** One gate run. */
  public record Entry(String gate, Instant start, Instant end, boolean background, boolean ok) {
    /**
     * The run's duration.
     *
     * @return end minus start
     */
    public Duration duration() {
      return Duration.between(start, end);
    }
  }

  private static final String DIR = "summary/timeline";
  private static final int BAR_WIDTH = 40;

  private final Path root;
  private final Path dir;

  /**
   * The timeline of one build (run).
   *
   * @param buildgateDir normally {@code target/buildgate}
   * @param run the build's id, a number that grows with time (its start in epoch millis)
   */
  public GateTimeline(Path buildgateDir, String run) {
    this.root = buildgateDir.toAbsolutePath().normalize().resolve(DIR);
    this.dir = root.resolve(run);
  }

  /**
   * The timeline of the latest build recorded in a Buildgate directory.
   *
   * @param buildgateDir normally {@code target/buildgate}
   * @throws UncheckedIOException if the directory cannot be read
   */
  public GateTimeline(Path buildgateDir) {
    this.root = buildgateDir.toAbsolutePath().normalize().resolve(DIR);
    this.dir = root.resolve(runs().stream().reduce((a, b) -> b).orElse("0"));
  }

  /**
   * The timeline of one build, named by the build's id as the {@link PipelineSummary} records it
   * (the session's start as an ISO-8601 instant; its directory is that instant in epoch millis, so
   * it is the same directory the goals of that build record into). Empty when that build recorded
   * nothing: never an earlier build's runs.
   *
   * @param buildgateDir normally {@code target/buildgate}
   * @param buildId the build's id (an ISO-8601 instant, or any other text)
   * @return the timeline
   */
  public static GateTimeline ofBuild(Path buildgateDir, String buildId) {
    return new GateTimeline(buildgateDir, runName(buildId));
  }

  /** The directory name of a build: epoch millis of an instant, else a file-name-safe form. */
  static String runName(String buildId) {
    try {
      return Long.toString(Instant.parse(buildId.strip()).toEpochMilli());
    } catch (RuntimeException e) {
      String safe = buildId.replaceAll("[^A-Za-z0-9_-]", "_");
      return safe.isEmpty() || safe.startsWith(".") ? "build_" + safe : safe;
    }
  }

  /** The runs recorded, oldest first. */
  private List<String> runs() {
    List<String> out = new ArrayList<>();
    if (Files.isDirectory(root)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(root, Files::isDirectory)) {
        ds.forEach(p -> out.add(p.getFileName().toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    out.sort(Comparator.comparing((String r) -> r.length()).thenComparing(r -> r));
    return out;
  }

  /**
   * Records one gate run.
   *
   * @param entry the run
   * @throws UncheckedIOException if the file cannot be written
   */
  public void record(Entry entry) {
    String line =
        String.join(
                "\t",
                entry.gate().replaceAll("[\\t\\r\\n]", " "),
                entry.start().toString(),
                entry.end().toString(),
                entry.background() ? "background" : "in-order",
                entry.ok() ? "ok" : "failed")
            + "\n";
    try {
      if (!Files.isDirectory(dir)) {
        for (String old : runs()) {
          if (!root.resolve(old).equals(dir)) {
            deleteRun(root.resolve(old));
          }
        }
      }
      AtomicFiles.writeString(dir.resolve(UUID.randomUUID() + ".tsv"), line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRun(Path run) throws IOException {
    try {
      FileTrees.deleteRecursively(run);
    } catch (NoSuchFileException | DirectoryNotEmptyException e) {
      // another gate of the same build removed it first
    }
  }

  /**
   * The recorded gate runs of this build, by start time; unreadable files are left out.
   *
   * @return the runs
   */
  public List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.tsv")) {
      for (Path p : ds) {
        String[] f = Files.readString(p, StandardCharsets.UTF_8).strip().split("\t");
        if (f.length == 5) {
          try {
            out.add(
                new Entry(
                    f[0],
                    Instant.parse(f[1]),
                    Instant.parse(f[2]),
                    f[3].equals("background"),
                    f[4].equals("ok")));
          } catch (RuntimeException ignored) {
            // a garbled file is left out rather than breaking the summary
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.sort(Comparator.comparing(Entry::start).thenComparing(Entry::gate));
    return out;
  }

  /**
   * A Mermaid gantt chart of the runs (GitHub and GitLab render it in Markdown), with a heading;
   * empty for fewer than two runs (nothing to overlap).
   *
   * @param entries the runs
   * @return the Markdown
   */
  public static String markdown(List<Entry> entries) {
    if (entries.size() < 2) {
      return "";
    }
    StringBuilder sb =
        new StringBuilder("## Timeline\n\n```mermaid\ngantt\n")
            .append("  dateFormat x\n  axisFormat %M:%S\n");
    int n = 0;
    for (boolean background : new boolean[] {false, true}) {
      List<Entry> part = entries.stream().filter(e -> e.background() == background).toList();
      if (!part.isEmpty()) {
        sb.append("  section ").append(background ? "background" : "in order").append('\n');
      }
      for (Entry e : part) {
        sb.append("  ")
            // a colon ends a task's name in Mermaid
            .append(e.gate().replace(':', ' ').replace('#', ' '))
            .append(" (")
            .append(seconds(e.duration()))
            .append(") :")
            .append(e.ok() ? (background ? "active, " : "done, ") : "crit, ")
            .append("g")
            .append(++n)
            .append(", ")
            .append(e.start().toEpochMilli())
            .append(", ")
            .append(Math.max(e.end().toEpochMilli(), e.start().toEpochMilli() + 1))
            .append('\n');
      }
    }
    return sb.append("```\n").toString();
  }

  /**
   * The same as text: one bar per run on a common time axis.
   *
   * @param entries the runs
   * @return the lines (none for fewer than two runs)
   */
  public static List<String> text(List<Entry> entries) {
    List<String> lines = new ArrayList<>();
    if (entries.size() < 2) {
      return lines;
    }
    Instant t0 = entries.get(0).start();
    Instant t1 = entries.stream().map(Entry::end).max(Comparator.naturalOrder()).orElse(t0);
    double total = Math.max(1, Duration.between(t0, t1).toMillis());
    int width = entries.stream().mapToInt(e -> e.gate().length()).max().orElse(10);
    lines.add("Timeline (" + seconds(Duration.between(t0, t1)) + ", # in order, = background):");
    for (Entry e : entries) {
      int from = (int) Math.round(Duration.between(t0, e.start()).toMillis() / total * BAR_WIDTH);
      int to = (int) Math.round(Duration.between(t0, e.end()).toMillis() / total * BAR_WIDTH);
      to = Math.min(BAR_WIDTH, Math.max(to, from + 1));
      from = Math.min(from, to - 1);
      String bar =
          " ".repeat(from)
              + String.valueOf(e.background() ? '=' : '#').repeat(to - from)
              + " ".repeat(BAR_WIDTH - to);
      lines.add(
          String.format(
              Locale.ROOT,
              "  %-" + width + "s |%s| %7s - %7s%s",
              e.gate(),
              bar,
              seconds(Duration.between(t0, e.start())),
              seconds(Duration.between(t0, e.end())),
              e.ok() ? "" : "  FAILED"));
    }
    return lines;
  }

  /**
   * Appends the chart to the file named by {@code GITHUB_STEP_SUMMARY}, if that is set.
   *
   * @param entries the runs
   * @param env the environment
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void appendToStepSummary(List<Entry> entries, Map<String, String> env) {
    String target = env.get("GITHUB_STEP_SUMMARY");
    if (target == null || target.isBlank() || entries.size() < 2) {
      return;
    }
    try {
      Files.writeString(
          Path.of(target.trim()),
          "\n" + markdown(entries),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }
}
