package dev.buildgate.core.testing;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Shared hostile-input generators and the property every parser of outside input must hold: on any
 * input it returns or throws its domain's own error with one line of text, within a deadline and an
 * allocation budget. Used by the property tests of every module (the test-jar of buildgate-core).
 */
public final class Hostile {

  /** What each try may cost at most. */
  public static final Duration DEADLINE = Duration.ofSeconds(5);

  public static final long MAX_ALLOCATED_BYTES = 256L << 20;

  /** Tokens that break or stretch JSON, YAML and line formats when spliced into a document. */
  private static final List<String> TOKENS =
      List.of(
          "{",
          "}",
          "[",
          "]",
          "\"",
          ":",
          ",",
          "null",
          "-1",
          "0",
          "1e999",
          "-9223372036854775809",
          "99999999999999999999",
          "\u0000",
          "\n",
          "\r",
          "\t",
          "\\",
          "\\u",
          "\\ud800",
          "*a",
          "&a ",
          "<<: *a",
          "!!binary",
          "!!python/object",
          "? ",
          "- ",
          "# ",
          "---",
          "...",
          "%YAML 1.1",
          "|",
          ">",
          "~",
          "true",
          "\"\"",
          "[]",
          "{}",
          "**",
          "!",
          "[!",
          "[a-",
          "\\",
          "../..",
          "/",
          "file:",
          "%SRCROOT%",
          "\u00e9",
          "\ufffd",
          "\ud83d\ude00",
          "NaN",
          "Infinity",
          "2026-13-45",
          "CVE-",
          "exp:",
          "-",
          "=");

  private Hostile() {}

  /** Arbitrary bytes (mostly printable and structural ASCII, some anything), up to 2 KiB. */
  public static Arbitrary<byte[]> bytes() {
    Arbitrary<Character> structural = Arbitraries.of('{', '}', '[', ']', '"', ':', ',', '\n', ' ');
    Arbitrary<Character> chars =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, Arbitraries.chars().ascii()),
            net.jqwik.api.Tuple.of(3, structural),
            net.jqwik.api.Tuple.of(1, Arbitraries.chars()));
    return chars
        .list()
        .ofMaxSize(2048)
        .map(
            cs -> {
              StringBuilder b = new StringBuilder(cs.size());
              cs.forEach(b::append);
              return b.toString().getBytes(StandardCharsets.UTF_8);
            });
  }

  /** Arbitrary text lines (for line formats such as .dockerignore and .trivyignore). */
  public static Arbitrary<List<String>> lines() {
    Arbitrary<String> line =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(60),
            Arbitraries.strings().withChars("*?[]!\\/.-^abc# \t:".toCharArray()).ofMaxLength(30),
            Arbitraries.of(TOKENS));
    return line.list().ofMaxSize(30);
  }

  /** One of {@code seeds} (valid documents) with one to five mutations applied. */
  public static Arbitrary<byte[]> mutationsOf(String... seeds) {
    Arbitrary<String> seed = Arbitraries.of(seeds);
    Arbitrary<List<Mutation>> ops = mutation().list().ofMinSize(1).ofMaxSize(5);
    return Combinators.combine(seed, ops).as(Hostile::apply);
  }

  /** The input plus the mutations that make it hostile, or truncations of a seed, or bytes. */
  public static Arbitrary<byte[]> anyOf(String... seeds) {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, mutationsOf(seeds)),
        net.jqwik.api.Tuple.of(2, truncationsOf(seeds)),
        net.jqwik.api.Tuple.of(2, bytes()));
  }

  /** A seed cut at any byte (an output that ends early: a killed tool, a full disk). */
  public static Arbitrary<byte[]> truncationsOf(String... seeds) {
    return Combinators.combine(Arbitraries.of(seeds), Arbitraries.doubles().between(0, 1))
        .as(
            (s, at) -> {
              byte[] b = s.getBytes(StandardCharsets.UTF_8);
              return Arrays.copyOf(b, (int) (b.length * at));
            });
  }

  record Mutation(int kind, double at, int length, String token) {}

  private static Arbitrary<Mutation> mutation() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 6),
            Arbitraries.doubles().between(0, 1),
            Arbitraries.integers().between(1, 40),
            Arbitraries.of(TOKENS))
        .as(Mutation::new);
  }

  private static byte[] apply(String seed, List<Mutation> ops) {
    StringBuilder s = new StringBuilder(seed);
    for (Mutation m : ops) {
      int at = (int) (s.length() * m.at());
      int end = Math.min(s.length(), at + m.length());
      switch (m.kind()) {
        case 0 -> s.setLength(at); // truncate
        case 1 -> s.delete(at, end); // delete a range
        case 2 -> s.insert(at, m.token()); // splice a token
        case 3 -> s.replace(at, end, m.token()); // replace a range by a token
        case 4 -> s.insert(at, s.substring(at, end)); // duplicate a range
        case 5 -> s.insert(at, "[".repeat(m.length() * 100)); // deep nesting
        default -> s.insert(at, m.token().repeat(m.length())); // repeated token
      }
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Code under test. */
  @FunctionalInterface
  public interface Attempt {
    void run() throws Exception;
  }

  /**
   * Runs {@code attempt} on a worker thread and checks the property: it finishes within {@link
   * #DEADLINE}, allocates at most {@link #MAX_ALLOCATED_BYTES}, and either returns or throws one of
   * {@code allowed} with a one-line message. Throws {@link AssertionError} otherwise.
   */
  public static Throwable check(Attempt attempt, Class<?>... allowed) {
    ExecutorService worker = worker();
    Future<Throwable> f =
        worker.submit(
            () -> {
              com.sun.management.ThreadMXBean mx =
                  (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
              long id = Thread.currentThread().getId();
              long before = mx.getThreadAllocatedBytes(id);
              Throwable thrown = null;
              try {
                attempt.run();
              } catch (Throwable t) {
                thrown = t;
              }
              long used = mx.getThreadAllocatedBytes(id) - before;
              if (used > MAX_ALLOCATED_BYTES) {
                throw new AssertionError("allocated " + (used >> 20) + " MiB for one input");
              }
              return thrown;
            });
    Throwable thrown;
    try {
      thrown = f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      worker.shutdownNow();
      throw new AssertionError("no answer within " + DEADLINE + " for one input");
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    if (thrown != null) {
      assertOneLineError(thrown, allowed);
    }
    return thrown;
  }

  private static ExecutorService worker;

  /** One worker thread for all tries (a new one only after a try overran its deadline). */
  private static synchronized ExecutorService worker() {
    if (worker == null || worker.isShutdown()) {
      worker =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "hostile-input");
                t.setDaemon(true);
                return t;
              });
    }
    return worker;
  }

  /** {@code thrown} is one of {@code allowed} and its message is one line a user can read. */
  public static void assertOneLineError(Throwable thrown, Class<?>... allowed) {
    boolean ok = false;
    for (Class<?> c : allowed) {
      ok |= c.isInstance(thrown);
    }
    if (!ok) {
      throw new AssertionError(
          "threw " + thrown + " (expected one of " + Arrays.toString(allowed) + ")", thrown);
    }
    String msg = thrown.getMessage();
    if (msg == null || msg.isBlank()) {
      throw new AssertionError(
          "threw " + thrown.getClass().getName() + " without a message", thrown);
    }
    if (msg.indexOf('\n') >= 0 || msg.indexOf('\r') >= 0) {
      throw new AssertionError("message of more than one line: " + msg, thrown);
    }
    if (msg.length() > 1000) {
      throw new AssertionError(
          "message of " + msg.length() + " chars: " + msg.substring(0, 200), thrown);
    }
    for (String noise :
        List.of("[Source:", "java.lang.", "Exception:", "\tat ", "(through reference chain")) {
      if (msg.contains(noise)) {
        throw new AssertionError("parser noise in the message: " + msg, thrown);
      }
    }
  }
}
