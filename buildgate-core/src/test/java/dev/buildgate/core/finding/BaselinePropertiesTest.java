package dev.buildgate.core.finding;

import dev.buildgate.core.testing.Hostile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** A baseline file is committed by users and edited by hand: any content gives one line. */
class BaselinePropertiesTest {

  private static Path dir;

  @BeforeContainer
  static void makeDir() throws IOException {
    dir = Files.createTempDirectory("baseline-props");
  }

  @AfterContainer
  static void removeDir() throws IOException {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Provide
  Arbitrary<byte[]> baselines() throws IOException {
    Path seed = dir.resolve("seed.json");
    Finding f =
        Finding.builder("ruff", "F401").file("a.py").line(3).column(1).message("m \"q\"").build();
    Finding g = Finding.builder("bandit", "B101").file("b/c.py").line(9).message("assert").build();
    Baseline.write(seed, List.of(f, g));
    String text = Files.readString(seed);
    return Hostile.anyOf(text, "[\"" + f.fingerprint() + "\"]", "{\"findings\": []}");
  }

  @Property(tries = 200)
  void anyFileLoadsOrFailsWithOneLine(@ForAll("baselines") byte[] content) throws IOException {
    Path file = dir.resolve("baseline.json");
    Files.write(file, content);
    // IllegalArgumentException is the documented one-line error of Baseline.load (QualityRunner
    // turns it into the gate's configuration error).
    Hostile.check(
        () -> Baseline.load(file), IllegalArgumentException.class, UncheckedIOException.class);
  }
}
