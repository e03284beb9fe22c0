import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.docker.scan.DockerScanner;
import dev.buildgate.docker.scan.IgnoreEntry;
import dev.buildgate.docker.scan.IgnoreRules;
import dev.buildgate.docker.scan.ImageScanResult;
import dev.buildgate.docker.scan.ImageTarget;
import dev.buildgate.docker.scan.ScanConfig;
import dev.buildgate.docker.scan.ScanOutcome;
import dev.buildgate.docker.scan.TrivyReport;
import dev.buildgate.docker.scan.TrivyReportParser;
import dev.buildgate.docker.scan.VulnSeverity;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * docker:scan benchmarks (run by run.sh).
 *
 * <pre>
 * parse &lt;report.json&gt;        streaming parse (+ full gate evaluation incl. SARIF) of a large report
 * parse-only &lt;report.json&gt;   streaming parse only (run with a tiny -Xmx)
 * concurrency &lt;n&gt;             n real images scanned by real Trivy, 1 at a time vs n at a time
 * </pre>
 */
public class ScanBench {
  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("parse")) {
      parse(Path.of(args[1]));
    } else if (args.length >= 2 && args[0].equals("parse-only")) {
      parseOnly(Path.of(args[1]));
    } else if (args.length >= 2 && args[0].equals("concurrency")) {
      concurrency(Integer.parseInt(args[1]));
    } else {
      System.err.println("usage: ScanBench parse <report.json> | concurrency <n>");
      System.exit(2);
    }
  }

  static void parse(Path report) throws Exception {
    long size = Files.size(report);
    System.out.printf("report %s: %.1f MB, max heap %d MB%n", report, size / 1048576.0,
        Runtime.getRuntime().maxMemory() / 1048576);
    long[] parseNanos = new long[12];
    long[] cpuNanos = new long[12];
    java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    TrivyReport header = null;
    for (int i = 0; i < parseNanos.length; i++) {
      EnumMap<VulnSeverity, Integer> counts = new EnumMap<>(VulnSeverity.class);
      long c0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      header = TrivyReportParser.parse(report, v -> counts.merge(v.severity(), 1, Integer::sum));
      parseNanos[i] = System.nanoTime() - t0;
      cpuNanos[i] = threads.getCurrentThreadCpuTime() - c0;
      if (i == 0) {
        System.out.println("vulnerabilities " + header.vulnerabilities() + " by severity " + counts);
      }
    }
    report("parse only (stream + count), wall", parseNanos);
    report("parse only (stream + count), CPU of the parsing thread", cpuNanos);

    Path dir = Files.createTempDirectory("scan-bench");
    ScanConfig config = ScanConfig.builder(dir, dir).today(LocalDate.of(2026, 11, 26)).build();
    IgnoreRules rules = new IgnoreRules(List.of(
        new IgnoreEntry("CVE-2098-000010", null, null, List.of(), List.of(), "bench:1"),
        new IgnoreEntry("CVE-2098-000020", LocalDate.of(2027, 1, 1), null, List.of(), List.of(), "bench:2")));
    ImageTarget t = ImageTarget.configured("bench/app:1");
    long[] evalNanos = new long[5];
    ImageScanResult r = null;
    for (int i = 0; i < evalNanos.length; i++) {
      long t0 = System.nanoTime();
      r = DockerScanner.evaluate(config, t, rules, report, dir.resolve("trivy-app.sarif"), "0.68.2", Duration.ZERO);
      evalNanos[i] = System.nanoTime() - t0;
    }
    report("full gate (parse + ignore + policy + SARIF of all findings)", evalNanos);
    System.out.printf("verdict %s blocking %d ignored %d; SARIF %.1f MB%n", r.verdict(), r.blocking(),
        r.ignored(), Files.size(dir.resolve("trivy-app.sarif")) / 1048576.0);
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    System.out.printf("peak heap used (sum of pools' peaks) %.1f MB%n", peak / 1048576.0);
    deleteTree(dir);
  }

  static void deleteTree(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Parse only, for a run with a tiny heap: the parser's memory does not grow with the report. */
  static void parseOnly(Path report) throws Exception {
    long[] nanos = new long[8];
    for (int i = 0; i < nanos.length; i++) {
      long[] n = {0};
      long t0 = System.nanoTime();
      TrivyReportParser.parse(report, v -> n[0]++);
      nanos[i] = System.nanoTime() - t0;
    }
    System.out.printf("max heap %d MB: ", Runtime.getRuntime().maxMemory() / 1048576);
    report("parse only", nanos);
  }

  static void report(String what, long[] nanos) {
    long[] ms = Arrays.stream(nanos).map(n -> n / 1_000_000).toArray();
    long[] warm = Arrays.copyOfRange(ms, 2, ms.length);
    Arrays.sort(warm);
    System.out.printf("%s: first %d ms, then min %d / median %d / max %d ms (runs %s)%n", what, ms[0],
        warm[0], warm[warm.length / 2], warm[warm.length - 1], Arrays.toString(ms));
  }

  static void concurrency(int n) throws Exception {
    String home = System.getenv().getOrDefault("BUILDGATE_CI_HOME", "/opt/buildgate-ci");
    Path db = Path.of(System.getenv().getOrDefault("BUILDGATE_TRIVY_CACHE", home + "/trivy-cache"), "db");
    Path work = Files.createTempDirectory("scan-bench-conc");
    Path cache = work.resolve("cache/db");
    Files.createDirectories(cache);
    Files.copy(db.resolve("trivy.db"), cache.resolve("trivy.db"));
    Files.copy(db.resolve("metadata.json"), cache.resolve("metadata.json"));
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("PATH", env.getOrDefault("PATH", "") + ":" + home + "/venv/bin");
    LocalProcessRunner runner = new LocalProcessRunner();
    String tag = Long.toHexString(System.nanoTime());
    List<ImageTarget> targets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        String ref = "buildgate-scan-bench/img" + i + ":" + tag;
        // a context directory of its own (a Dockerfile on stdin leaves a /tmp/dockerfile* behind)
        Path ctx = Files.createDirectories(work.resolve("ctx" + i));
        Files.writeString(ctx.resolve("Dockerfile"),
            "FROM buildgate/debian:local\nRUN echo " + i + "-" + tag + " > /etc/bench && head -c 3000000 /dev/urandom > /opt/blob\n");
        var res = runner.run(ProcessSpec.builder("docker", "build", "-q", "--label", "dev.buildgate.test=docker-scan-bench", "-t", ref, ctx.toString())
            .timeout(Duration.ofMinutes(3)).build(), LineSink.NONE);
        if (res.exitCode() != 0) {
          throw new IllegalStateException("docker build failed: " + res.outputTail(10));
        }
        targets.add(new ImageTarget("img" + i, ref, List.of(ref), null, null, 0, 0, "BUILT", true, null));
      }
      for (int parallel : new int[] {1, n, 1, n}) {
        // a fresh cache each round (the DB only), so every round analyses every image's layers
        Path c = work.resolve("c" + parallel + "-" + System.nanoTime());
        Files.createDirectories(c.resolve("db"));
        Files.copy(cache.resolve("trivy.db"), c.resolve("db/trivy.db"));
        Files.copy(cache.resolve("metadata.json"), c.resolve("db/metadata.json"));
        ScanConfig config = ScanConfig.builder(work, work.resolve("reports-" + parallel))
            .cacheDir(c).skipDbUpdate(true).skipJavaDbUpdate(true).offlineScan(true)
            .parallelism(parallel).env(env).build();
        long t0 = System.nanoTime();
        ScanOutcome o = new DockerScanner(runner).scan(config, targets, GateLog.NONE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (o.hasErrors()) {
          throw new IllegalStateException(o.firstError());
        }
        System.out.printf("%d images, %d at a time: %d ms (verdicts %s)%n", n, parallel, ms,
            o.results().stream().map(x -> x.verdict().name()).toList());
      }
    } finally {
      List<String> rmi = new ArrayList<>(List.of("docker", "rmi", "-f"));
      targets.forEach(t -> rmi.add(t.ref()));
      if (rmi.size() > 3) {
        runner.run(ProcessSpec.builder(rmi).timeout(Duration.ofMinutes(1)).build(), LineSink.NONE);
      }
      deleteTree(work);
    }
  }
}
