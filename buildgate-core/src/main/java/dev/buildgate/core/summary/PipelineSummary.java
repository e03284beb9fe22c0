package dev.buildgate.core.summary;

import dev.buildgate.core.finding.JUnitReport;
import dev.buildgate.core.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pipeline summary under a Buildgate directory (normally {@code target/buildgate}).
 *
 * <p>Each goal adds or replaces its section with {@link #section}. Every section is kept in its own
 * file under {@code summary/}, and {@code summary.md} is re-rendered from all of them: a title, the
 * overall result, a status table (icon and status per step) and the sections' bodies. Sections
 * appear in the order they were first added (re-adding a section keeps its place), ties broken by
 * id, so the output is stable.
 *
 * <p>Every section says which build wrote it: {@link #startBuild} records the running build's id
 * (the Maven session's start), and each section is stamped with it. A section from another build (a
 * goal that did not run this time, a build that was killed) is rendered as coming from that
 * recorded run, never as this build's result, and does not count in the result line.
 *
 * <p>Thread-safe: goals running on several threads of one JVM, or in several JVMs, may add sections
 * concurrently (a JVM-wide lock plus a file lock serialise the writes; all files are replaced
 * atomically).
 */
public final class PipelineSummary {

  /** The Markdown file's name under the Buildgate directory. */
  public static final String FILE_NAME = "summary.md";

  private static final String SECTIONS_DIR = "summary";
  private static final String JUNIT_DIR = "junit";
  private static final String SECTION_SUFFIX = ".section.md";
  private static final String MAGIC = "buildgate-summary-section 1";
  private static final String BODY_MARK = "---";
  private static final String GITHUB_STATE = ".github-step-summary.state";
  private static final String BUILD_FILE = ".build";
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

  /**
   * The most characters of one section appended to {@code $GITHUB_STEP_SUMMARY} (GitHub accepts at
   * most 1 MiB per step); {@code summary.md} always has the whole section.
   */
  static final int MAX_STEP_SUMMARY_SECTION_CHARS = 64 * 1024;

  private final Path buildgateDir;
  private final Path sectionsDir;
  private final String name;

  /**
   * Creates a summary; nothing is written until the first section.
   *
   * @param buildgateDir the Buildgate directory, normally {@code target/buildgate}
   */
  public PipelineSummary(Path buildgateDir) {
    this(buildgateDir, null);
  }

  /**
   * Creates a summary for a named project (the name is shown in the headings, which tells the
   * modules of a multi-module build apart in {@code $GITHUB_STEP_SUMMARY}).
   *
   * @param buildgateDir the Buildgate directory, normally {@code target/buildgate}
   * @param name the project's name, or {@code null}
   */
  public PipelineSummary(Path buildgateDir, String name) {
    this.buildgateDir =
        Objects.requireNonNull(buildgateDir, "buildgateDir").toAbsolutePath().normalize();
    this.sectionsDir = this.buildgateDir.resolve(SECTIONS_DIR);
    this.name = name == null || name.isBlank() ? null : oneLine(name);
  }

  /**
   * Returns the rendered Markdown file.
   *
   * @return {@code <buildgateDir>/summary.md}
   */
  public Path file() {
    return buildgateDir.resolve(FILE_NAME);
  }

  /**
   * Records the running build (idempotent): sections are stamped with its id from now on, and
   * sections of other builds are rendered as recorded runs. {@code summary.md}, if there is one, is
   * re-rendered at once, so it never shows an earlier build's verdicts as this build's.
   *
   * @param buildId the build's id, e.g. the session's start as an ISO-8601 instant (shown as the
   *     recorded run's time when it is one)
   * @throws UncheckedIOException if the files cannot be written
   */
  public void startBuild(String buildId) {
    String id = oneLine(Objects.requireNonNull(buildId, "buildId"));
    withLock(
        () -> {
          if (id.equals(currentBuild())) {
            return null;
          }
          AtomicFiles.writeString(sectionsDir.resolve(BUILD_FILE), id + "\n");
          deleteEarlierJUnit();
          if (Files.exists(file())) {
            AtomicFiles.writeString(file(), render(readSections(), name, id));
          }
          return null;
        });
  }

  /**
   * Deletes the JUnit files an earlier build left in {@code junit/}: CI reports (GitLab, Jenkins,
   * Azure) read every {@code *.xml} there, and an earlier build's verdict must never be shown as
   * this build's. Only this Buildgate directory (this project's) is touched; called under the lock
   * when the build id changes, so files this build wrote are never deleted.
   */
  private void deleteEarlierJUnit() throws IOException {
    Path junit = buildgateDir.resolve(JUNIT_DIR);
    if (!Files.isDirectory(junit)) {
      return;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(junit, "*.xml")) {
      for (Path p : ds) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Adds or replaces a step's section and re-renders {@link #file()}.
   *
   * @param id a stable id, for example {@code quality-lint}; one section per id
   * @param title the step's title shown in the table and as the section heading
   * @param status the step's status
   * @param markdownBody the section's Markdown (may be empty)
   * @throws UncheckedIOException if the files cannot be written
   */
  public void section(String id, String title, StepStatus status, String markdownBody) {
    write(id, title, status, markdownBody, false);
  }

  /**
   * Writes a section; with {@code unlessRecorded}, only when this build has none with that id.
   * Returns whether it was written.
   */
  private boolean write(
      String id, String title, StepStatus status, String markdownBody, boolean unlessRecorded) {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("section id must not be blank");
    }
    Objects.requireNonNull(status, "status");
    String cleanTitle = oneLine(title == null || title.isBlank() ? id : title);
    String body = markdownBody == null ? "" : markdownBody.replace("\r\n", "\n").strip();
    return withLock(
        () -> {
          Path file = sectionFile(id);
          String build = currentBuild();
          Instant created = Instant.now();
          Section existing = readSection(file);
          if (existing != null) {
            if (unlessRecorded && build != null && build.equals(existing.build())) {
              return false;
            }
            created = existing.created();
          }
          String content =
              MAGIC
                  + "\nid: "
                  + oneLine(id)
                  + "\ntitle: "
                  + cleanTitle
                  + "\nstatus: "
                  + status.name()
                  + "\ncreated: "
                  + created
                  + (build == null ? "" : "\nbuild: " + build)
                  + "\n"
                  + BODY_MARK
                  + "\n"
                  + body
                  + "\n";
          AtomicFiles.writeString(file, content);
          AtomicFiles.writeString(file(), withTimeline(render(readSections(), name, build)));
          writeJUnit(id, cleanTitle, status, body);
          return true;
        });
  }

  /**
   * Adds a section unless this build already wrote one with this id (a skipped goal must not
   * overwrite what another goal of the same build found for the same step).
   *
   * @param id the section id
   * @param title the title
   * @param status the status
   * @param markdownBody the body
   * @return whether the section was written
   */
  public boolean sectionUnlessRecorded(
      String id, String title, StepStatus status, String markdownBody) {
    return write(id, title, status, markdownBody, true);
  }

  /**
   * Records a failure that no section of this build shows yet (a goal that failed before writing
   * its own section), so the result line can never say "passed" for a failed build.
   *
   * @param id the section id to use, e.g. {@code goal-docs-deploy}
   * @param title the title, e.g. {@code docs:deploy}
   * @param message what failed
   * @return whether a section was written
   */
  public boolean failedUnlessRecorded(String id, String title, String message) {
    boolean recorded =
        withLock(
            () -> {
              String build = currentBuild();
              return readSections().stream()
                  .anyMatch(
                      s -> s.status() == StepStatus.FAILED && Objects.equals(s.build(), build));
            });
    if (!recorded) {
      section(id, title, StepStatus.FAILED, message);
    }
    return !recorded;
  }

  /**
   * The JUnit file of a step, {@code junit/<id>.xml} under the Buildgate directory: every step is a
   * test case (failed with the section's first line as message, skipped, or passed), so GitLab,
   * Jenkins and Azure list the gates with the tests.
   *
   * @param id the section id
   * @return the file
   */
  public Path junitFile(String id) {
    return buildgateDir.resolve(JUNIT_DIR).resolve(fileName(id) + ".xml");
  }

  private void writeJUnit(String id, String title, StepStatus status, String body) {
    JUnitReport.Outcome outcome =
        switch (status) {
          case FAILED -> JUnitReport.Outcome.FAILED;
          case SKIPPED -> JUnitReport.Outcome.SKIPPED;
          default -> JUnitReport.Outcome.PASSED;
        };
    String first = body.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    String message = first.isEmpty() ? title + ": " + status.label() : unMarkdown(first);
    JUnitReport.write(
        junitFile(id),
        "buildgate" + (name == null ? "" : "." + name),
        title,
        outcome,
        message,
        body,
        -1);
  }

  /** A Markdown line as plain text: backslash escapes and emphasis marks removed. */
  static String unMarkdown(String line) {
    return line.replaceAll("\\\\([\\\\`*_\\[\\]|#.!()-])", "$1")
        .replace("**", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  /**
   * Returns the sections recorded so far, in rendering order.
   *
   * @return the sections
   * @throws UncheckedIOException if the directory cannot be read
   */
  public List<Section> sections() {
    return withLock(this::readSections);
  }

  /**
   * Renders the summary Markdown from the current sections.
   *
   * @return the Markdown ({@code summary.md}'s content)
   */
  public String render() {
    return withLock(() -> withTimeline(render(readSections(), name, currentBuild())));
  }

  /**
   * Re-renders {@link #file()} from the current sections and the {@link GateTimeline} (which gets
   * its entries after the gates wrote their sections); does nothing before the first section.
   *
   * @throws UncheckedIOException if the files cannot be read or written
   */
  public void refresh() {
    withLock(
        () -> {
          List<Section> sections = readSections();
          if (!sections.isEmpty()) {
            AtomicFiles.writeString(file(), withTimeline(render(sections, name, currentBuild())));
          }
          return null;
        });
  }

  private String withTimeline(String markdown) throws IOException {
    String build = currentBuild();
    // this build's timeline only: an earlier build's chart must not be shown as this one's
    GateTimeline timeline =
        build == null ? new GateTimeline(buildgateDir) : GateTimeline.ofBuild(buildgateDir, build);
    String chart = GateTimeline.markdown(timeline.entries());
    return chart.isEmpty() ? markdown : markdown + "\n" + chart;
  }

  /**
   * Appends the summary to the file named by {@code GITHUB_STEP_SUMMARY}, if that is set. The file
   * is only ever appended to, never truncated. Each call appends the sections that were added or
   * changed since the previous call for the same step summary file (the first call also appends a
   * heading), so every goal of a build may call this without duplicating earlier sections.
   *
   * @param env the environment (normally {@code System.getenv()})
   * @throws UncheckedIOException if the step summary cannot be written
   */
  public void appendToGitHubStepSummary(Map<String, String> env) {
    String target = env.get("GITHUB_STEP_SUMMARY");
    if (target == null || target.isBlank()) {
      return;
    }
    Path stepSummary = Path.of(target.trim()).toAbsolutePath();
    withLock(
        () -> {
          Path stateFile = sectionsDir.resolve(GITHUB_STATE);
          Map<String, String> appended = readAppendState(stateFile, stepSummary);
          boolean first = appended.isEmpty();
          StringBuilder out = new StringBuilder();
          String build = currentBuild();
          for (Section s : readSections()) {
            if (build != null && !build.equals(s.build())) {
              continue; // the step summary is this build's only
            }
            String hash = hash(s.status() + "\n" + s.title() + "\n" + s.body());
            if (hash.equals(appended.get(s.id()))) {
              continue;
            }
            boolean update = appended.containsKey(s.id());
            out.append("### ")
                .append(s.status().icon())
                .append(' ')
                .append(s.title())
                .append(": ")
                .append(s.status().label())
                .append(update ? " (updated)" : "")
                .append("\n\n");
            if (!s.body().isEmpty()) {
              out.append(capped(s.body())).append("\n\n");
            }
            appended.put(s.id(), hash);
          }
          if (out.length() == 0) {
            return null;
          }
          if (first) {
            out.insert(0, "## Buildgate pipeline" + (name == null ? "" : ": " + name) + "\n\n");
          }
          Path parent = stepSummary.getParent();
          if (parent != null) {
            Files.createDirectories(parent);
          }
          Files.writeString(
              stepSummary,
              out.toString(),
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND,
              StandardOpenOption.WRITE);
          StringBuilder state = new StringBuilder("target ").append(stepSummary).append('\n');
          appended.forEach((id, h) -> state.append(h).append(' ').append(id).append('\n'));
          AtomicFiles.writeString(stateFile, state.toString());
          return null;
        });
  }

  // --- rendering ----------------------------------------------------------------------------

  private String capped(String body) {
    if (body.length() <= MAX_STEP_SUMMARY_SECTION_CHARS) {
      return body;
    }
    int cut = body.lastIndexOf('\n', MAX_STEP_SUMMARY_SECTION_CHARS);
    if (cut <= 0) {
      cut = MAX_STEP_SUMMARY_SECTION_CHARS;
    }
    return body.substring(0, cut) + "\n\n_(truncated; the whole section is in " + file() + ")_";
  }

  static String render(List<Section> sections, String name, String build) {
    StringBuilder sb =
        new StringBuilder("# Buildgate pipeline summary")
            .append(name == null ? "" : ": " + name)
            .append("\n\n");
    if (sections.isEmpty()) {
      return sb.append("No steps recorded.\n").toString();
    }
    List<Section> current =
        sections.stream().filter(s -> build == null || build.equals(s.build())).toList();
    long failed = current.stream().filter(s -> s.status() == StepStatus.FAILED).count();
    if (current.isEmpty()) {
      sb.append(
          "**Result:** no step ran in this build (the steps below are from recorded runs)\n\n");
    } else if (current.stream().allMatch(s -> s.status() == StepStatus.SKIPPED)) {
      sb.append("**Result:** ")
          .append(StepStatus.SKIPPED.icon())
          .append(" every step was skipped, nothing was checked\n\n");
    } else if (failed > 0) {
      sb.append("**Result:** ")
          .append(StepStatus.FAILED.icon())
          .append(" failed (")
          .append(failed)
          .append(" of ")
          .append(current.size())
          .append(current.size() == 1 ? " step" : " steps")
          .append(" failed)\n\n");
    } else {
      sb.append("**Result:** ").append(StepStatus.PASSED.icon()).append(" passed\n\n");
    }
    sb.append("| Step | Status |\n|---|---|\n");
    for (Section s : sections) {
      String status = s.status().icon() + " " + s.status().label();
      sb.append("| ")
          .append(s.title().replace("|", "\\|"))
          .append(" | ")
          .append(current.contains(s) ? status : recordedRun(s) + ": " + status)
          .append(" |\n");
    }
    for (Section s : sections) {
      sb.append("\n## ");
      if (current.contains(s)) {
        sb.append(s.status().icon()).append(' ').append(s.title());
      } else {
        sb.append(s.title())
            .append(": from the ")
            .append(recordedRun(s))
            .append(", not this build (")
            .append(s.status().icon())
            .append(' ')
            .append(s.status().label())
            .append(")");
      }
      sb.append("\n");
      if (!s.body().isEmpty()) {
        sb.append('\n').append(s.body()).append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * A time as the summary shows recorded runs, e.g. {@code 2026-12-04 17:02:11 UTC}.
   *
   * @param time the time
   * @return the text
   */
  public static String time(Instant time) {
    return WHEN.format(time);
  }

  /** {@code recorded run of 2026-12-04 17:02:11 UTC}, or of an earlier build when unknown. */
  private static String recordedRun(Section s) {
    if (s.build() == null) {
      return "recorded run of an earlier build";
    }
    try {
      return "recorded run of " + WHEN.format(Instant.parse(s.build()));
    } catch (DateTimeParseException e) {
      return "recorded run " + s.build();
    }
  }

  /** The running build's id, or null when none was recorded. */
  private String currentBuild() throws IOException {
    try {
      String id = Files.readString(sectionsDir.resolve(BUILD_FILE), StandardCharsets.UTF_8).strip();
      return id.isEmpty() ? null : id;
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  // --- section files ------------------------------------------------------------------------

  private List<Section> readSections() throws IOException {
    List<Section> out = new ArrayList<>();
    if (!Files.isDirectory(sectionsDir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(sectionsDir, "*" + SECTION_SUFFIX)) {
      for (Path p : ds) {
        Section s = readSection(p);
        if (s != null) {
          out.add(s);
        }
      }
    }
    out.sort(Comparator.comparing(Section::created).thenComparing(Section::id));
    return out;
  }

  /** Reads a section file; returns {@code null} if it is missing or not a section file. */
  private static Section readSection(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (!text.startsWith(MAGIC + "\n")) {
      return null;
    }
    int mark = text.indexOf("\n" + BODY_MARK + "\n");
    if (mark < 0) {
      return null;
    }
    Map<String, String> header = new LinkedHashMap<>();
    for (String line : text.substring(MAGIC.length() + 1, mark).split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        header.put(line.substring(0, colon), line.substring(colon + 2));
      }
    }
    String body = text.substring(mark + BODY_MARK.length() + 2).strip();
    try {
      return new Section(
          header.getOrDefault("id", ""),
          header.getOrDefault("title", header.getOrDefault("id", "")),
          StepStatus.valueOf(header.getOrDefault("status", "")),
          body,
          Instant.parse(header.getOrDefault("created", "")),
          header.get("build"));
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return null; // a garbled file is ignored rather than breaking every later goal
    }
  }

  private Path sectionFile(String id) {
    return sectionsDir.resolve(fileName(id) + SECTION_SUFFIX);
  }

  /** Maps an id to a portable file name; ids that needed changes get a hash suffix. */
  static String fileName(String id) {
    StringBuilder sb = new StringBuilder();
    boolean changed = false;
    for (int i = 0; i < id.length() && sb.length() < 80; i++) {
      char c = id.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        sb.append(c);
      } else {
        sb.append('_');
        changed = true;
      }
    }
    if (changed || id.length() > 80) {
      sb.append('-').append(hash(id), 0, 12);
    }
    return sb.toString();
  }

  private static Map<String, String> readAppendState(Path stateFile, Path stepSummary)
      throws IOException {
    Map<String, String> appended = new LinkedHashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(stateFile, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return appended;
    }
    if (lines.isEmpty() || !lines.get(0).equals("target " + stepSummary)) {
      return appended; // a different step (new GITHUB_STEP_SUMMARY file): start over
    }
    for (String line : lines.subList(1, lines.size())) {
      int sp = line.indexOf(' ');
      if (sp > 0) {
        appended.put(line.substring(sp + 1), line.substring(0, sp));
      }
    }
    return appended;
  }

  // --- helpers ------------------------------------------------------------------------------

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n]+", " ").strip();
  }

  private static String hash(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Work done under the summary's locks. */
  private interface Locked<T> {
    T run() throws IOException;
  }

  private <T> T withLock(Locked<T> work) {
    ReentrantLock jvmLock;
    try {
      Files.createDirectories(sectionsDir);
      // keyed by the real path: two spellings of one directory must share the JVM-wide lock, as
      // one JVM cannot hold two file locks on the same file
      jvmLock = JVM_LOCKS.computeIfAbsent(sectionsDir.toRealPath(), k -> new ReentrantLock());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create the pipeline summary directory " + sectionsDir + ": " + e, e);
    }
    jvmLock.lock();
    try (FileChannel ch =
            FileChannel.open(
                sectionsDir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = fileLock(ch)) {
      T result = work.run();
      lock.release();
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot update the pipeline summary in " + buildgateDir + ": " + e, e);
    } finally {
      jvmLock.unlock();
    }
  }

  /**
   * The file lock, waiting while another copy of this class in the same JVM holds it: each Maven
   * plugin has its own class realm (so its own {@link #JVM_LOCKS}), and a gate running in the
   * background can write its section while another plugin's goal writes its own; the JVM reports
   * that as {@link OverlappingFileLockException} instead of blocking.
   */
  private static FileLock fileLock(FileChannel ch) throws IOException {
    while (true) {
      try {
        return ch.lock();
      } catch (OverlappingFileLockException e) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the summary lock", ie);
        }
      }
    }
  }

  /**
   * One step's section.
   *
   * @param id the section's id
   * @param title the step's title
   * @param status the step's status
   * @param body the section's Markdown body
   * @param created when the section was first added (decides the order)
   * @param build the id of the build that wrote it, or null (written outside a recorded build)
   */
  public record Section(
      String id, String title, StepStatus status, String body, Instant created, String build) {}
}
