import dev.buildgate.core.finding.Baseline;
import dev.buildgate.core.finding.ConsoleReport;
import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.JsonReportWriter;
import dev.buildgate.core.finding.SarifWriter;
import dev.buildgate.core.finding.Severity;
import dev.buildgate.core.finding.ToolRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes N findings as SARIF/JSON/baseline and matches them against the baseline; prints timings. */
public class FindingsBench {
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    Files.createDirectories(dir);
    Severity[] sev = Severity.values();
    long t0 = System.nanoTime();
    List<Finding> findings = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      findings.add(
          Finding.builder("ruff", "E" + (i % 200))
              .severity(sev[i % sev.length])
              .file("src/pkg" + (i % 50) + "/module" + (i % 2000) + ".py")
              .line(i % 3000 + 1)
              .column(i % 80 + 1)
              .message("message number " + i + " with some typical length of a lint message")
              .build());
    }
    report("build " + n + " findings (sha-256 fingerprints)", t0);
    List<ToolRun> runs = List.of(new ToolRun("ruff", "0.17.6", "https://docs.astral.sh/ruff", null, findings));

    t0 = System.nanoTime();
    SarifWriter.write(runs, dir.resolve("bench.sarif"));
    report("SARIF " + Files.size(dir.resolve("bench.sarif")) / 1_000_000 + " MB", t0);

    t0 = System.nanoTime();
    JsonReportWriter.write(runs, dir.resolve("bench.json"));
    report("JSON  " + Files.size(dir.resolve("bench.json")) / 1_000_000 + " MB", t0);

    t0 = System.nanoTime();
    Baseline.write(dir.resolve("baseline.json"), findings);
    report("baseline write", t0);

    t0 = System.nanoTime();
    Baseline b = Baseline.load(dir.resolve("baseline.json"));
    int fresh = b.newFindings(findings).size();
    report("baseline load + match (" + fresh + " new)", t0);

    t0 = System.nanoTime();
    int lines = ConsoleReport.lines(findings).size();
    report("console lines (" + lines + ")", t0);

    Runtime rt = Runtime.getRuntime();
    System.out.printf("max heap %d MB, used now %d MB%n", rt.maxMemory() >> 20, (rt.totalMemory() - rt.freeMemory()) >> 20);
  }

  static void report(String what, long t0) {
    System.out.printf("%-45s %6d ms%n", what, (System.nanoTime() - t0) / 1_000_000);
  }
}
