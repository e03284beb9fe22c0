package dev.buildgate.quality.parse;

import dev.buildgate.core.testing.Hostile;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Tool output is outside input (a tool of another version, a crash mid-write, a hostile plugin):
 * whatever it is, every parser returns or throws {@link OutputParseException} with one line, in
 * bounded time and memory.
 */
class ParserPropertiesTest {

  private static final Path ROOT = Path.of("/work/repo");

  private static void holds(OutputParser parser, String tool, byte[] output) {
    ParseContext ctx =
        new ParseContext(tool, ROOT.resolve("backend"), ROOT).mapContainerDir("/src");
    Hostile.check(
        () -> parser.parse(new ByteArrayInputStream(output), ctx), OutputParseException.class);
  }

  @Provide
  Arbitrary<byte[]> ruff() {
    return Hostile.anyOf(
        Resources.text("ruff-0.17.6.json"), Resources.text("ruff-0.17.6-syntax.json"));
  }

  @Provide
  Arbitrary<byte[]> sarif() {
    return Hostile.anyOf(
        Resources.text("ruff-0.17.6.sarif"), Resources.text("generic-semgrep-style.sarif"));
  }

  @Provide
  Arbitrary<byte[]> bandit() {
    return Hostile.anyOf(
        Resources.text("bandit-1.9.4.json"), Resources.text("bandit-1.9.4-syntax-error.json"));
  }

  @Provide
  Arbitrary<byte[]> mypy() {
    return Hostile.anyOf(
        Resources.text("mypy-2.4.1.jsonl"),
        Resources.text("mypy-2.4.1.txt"),
        Resources.text("mypy-2.4.1-syntax.jsonl"));
  }

  @Property(tries = 200)
  void ruffOutput(@ForAll("ruff") byte[] output) {
    holds(new RuffJsonParser(), "ruff", output);
  }

  @Property(tries = 200)
  void sarifOutput(@ForAll("sarif") byte[] output) {
    holds(new SarifParser(), "semgrep", output);
  }

  @Property(tries = 200)
  void banditOutput(@ForAll("bandit") byte[] output) {
    holds(new BanditJsonParser(), "bandit", output);
  }

  @Property(tries = 200)
  void mypyOutput(@ForAll("mypy") byte[] output) {
    holds(new MypyOutputParser(), "mypy", output);
  }
}
