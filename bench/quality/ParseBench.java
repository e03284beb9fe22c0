import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.SarifWriter;
import dev.buildgate.core.finding.Severity;
import dev.buildgate.core.finding.ToolRun;
import dev.buildgate.quality.parse.BanditJsonParser;
import dev.buildgate.quality.parse.MypyOutputParser;
import dev.buildgate.quality.parse.OutputParser;
import dev.buildgate.quality.parse.ParseContext;
import dev.buildgate.quality.parse.ParsedOutput;
import dev.buildgate.quality.parse.RuffJsonParser;
import dev.buildgate.quality.parse.SarifParser;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark (c): parse 100,000 findings in each tool's format with the plugin's streaming parsers.
 * Run by run.sh as a single-file source program: java -Xmx256m -cp <plugin classes + deps> ParseBench.java
 */
public class ParseBench {
  static final int N = Integer.getInteger("findings", 100_000);

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("bg-parse-bench");
    try {
      Path ruff = dir.resolve("ruff.json");
      try (BufferedWriter w = Files.newBufferedWriter(ruff)) {
        w.write("[");
        for (int i = 0; i < N; i++) {
          if (i > 0) w.write(",");
          w.write("{\"cell\":null,\"code\":\"F401\",\"end_location\":{\"column\":10,\"row\":" + (i % 500 + 1)
              + "},\"filename\":\"/src/backend/app/pkg" + (i % 40) + "/mod" + (i % 2000) + ".py\","
              + "\"fix\":{\"applicability\":\"safe\",\"edits\":[{\"content\":\"\",\"end_location\":{\"column\":1,\"row\":3},"
              + "\"location\":{\"column\":1,\"row\":2}}],\"message\":\"Remove unused import: `os`\"},"
              + "\"location\":{\"column\":8,\"row\":" + (i % 500 + 1) + "},\"message\":\"`os" + i + "` imported but unused\","
              + "\"name\":\"unused-import\",\"noqa_row\":2,\"severity\":\"error\",\"url\":\"https://docs.astral.sh/ruff/rules/unused-import\"}");
        }
        w.write("]");
      }
      Path mypy = dir.resolve("mypy.jsonl");
      try (BufferedWriter w = Files.newBufferedWriter(mypy)) {
        for (int i = 0; i < N; i++) {
          w.write("{\"file\": \"app/pkg" + (i % 40) + "/mod" + (i % 2000) + ".py\", \"line\": " + (i % 500 + 1)
              + ", \"column\": 4, \"end_line\": 1, \"end_column\": 20, \"message\": \"Incompatible return value type (got \\\"int\\\", expected \\\"str\\\") "
              + i + "\", \"hint\": null, \"code\": \"return-value\", \"severity\": \"error\"}\n");
        }
      }
      Path bandit = dir.resolve("bandit.json");
      try (BufferedWriter w = Files.newBufferedWriter(bandit)) {
        w.write("{\"errors\": [], \"generated_at\": \"2026-11-26T00:00:00Z\", \"metrics\": {\"_totals\": {\"loc\": 1}}, \"results\": [");
        for (int i = 0; i < N; i++) {
          if (i > 0) w.write(",");
          w.write("{\"code\": \"39 def must(x: int) -> int:\\n40     assert x > 0\\n\", \"col_offset\": 4, \"end_col_offset\": 16,"
              + "\"filename\": \"./app/pkg" + (i % 40) + "/mod" + (i % 2000) + ".py\", \"issue_confidence\": \"HIGH\","
              + "\"issue_cwe\": {\"id\": 703, \"link\": \"https://cwe.mitre.org/data/definitions/703.html\"},"
              + "\"issue_severity\": \"LOW\", \"issue_text\": \"Use of assert detected " + i + ".\", \"line_number\": " + (i % 500 + 1) + ","
              + "\"line_range\": [40], \"more_info\": \"https://bandit.readthedocs.io/en/1.9.4/plugins/b101_assert_used.html\","
              + "\"test_id\": \"B101\", \"test_name\": \"assert_used\"}");
        }
        w.write("]}");
      }
      Path sarif = dir.resolve("tool.sarif");
      List<Finding> fs = new ArrayList<>(N);
      for (int i = 0; i < N; i++) {
        fs.add(Finding.builder("semgrep", "rule-" + (i % 50)).severity(Severity.MEDIUM)
            .file("backend/app/pkg" + (i % 40) + "/mod" + (i % 2000) + ".py").line(i % 500 + 1).column(5)
            .message("Finding number " + i).build());
      }
      SarifWriter.write(List.of(new ToolRun("semgrep", "1.99.0", null, List.of(), fs)), sarif);
      fs = null;

      System.out.printf("%-8s %10s %10s %10s %12s %14s%n", "format", "findings", "MB", "best ms", "median ms", "retained MB");
      bench("ruff", ruff, new RuffJsonParser());
      bench("mypy", mypy, new MypyOutputParser());
      bench("bandit", bandit, new BanditJsonParser());
      bench("sarif", sarif, new SarifParser());
      System.out.printf("all parses ran within a max heap (-Xmx) of %d MB%n",
          Runtime.getRuntime().maxMemory() >> 20);
    } finally {
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static void bench(String name, Path file, OutputParser parser) throws Exception {
    ParseContext ctx0 = new ParseContext(name, Path.of("/src/backend"), Path.of("/src"));
    for (int i = 0; i < 2; i++) {
      parser.parse(file, ctx0);
    }
    long[] ms = new long[5];
    ParsedOutput out = null;
    for (int i = 0; i < ms.length; i++) {
      out = null;
      System.gc();
      long t0 = System.nanoTime();
      out = parser.parse(file, new ParseContext(name, Path.of("/src/backend"), Path.of("/src")));
      ms[i] = (System.nanoTime() - t0) / 1_000_000;
    }
    if (out.findings().size() != N) {
      throw new IllegalStateException(name + ": parsed " + out.findings().size() + " findings, expected " + N);
    }
    System.gc();
    long retained = usedHeap();
    Arrays.sort(ms);
    System.out.printf("%-8s %10d %10.1f %10d %12d %14d%n", name, out.findings().size(),
        Files.size(file) / 1048576.0, ms[0], ms[ms.length / 2], retained >> 20);
  }

  static long usedHeap() {
    Runtime r = Runtime.getRuntime();
    return r.totalMemory() - r.freeMemory();
  }

}
