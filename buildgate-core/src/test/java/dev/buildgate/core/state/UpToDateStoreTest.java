package dev.buildgate.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpToDateStoreTest {

  @TempDir Path tmp;

  @Test
  void recordThenCheck() {
    UpToDateStore store = new UpToDateStore(tmp.resolve("target/buildgate/state"));
    assertThat(store.isUpToDate("quality-lint", "abc")).isFalse();

    store.record("quality-lint", "abc");

    assertThat(store.isUpToDate("quality-lint", "abc")).isTrue();
    assertThat(store.isUpToDate("quality-lint", "abd")).isFalse();
    assertThat(store.isUpToDate("quality-typecheck", "abc")).isFalse();
    assertThat(store.recorded("quality-lint")).contains("abc");
    assertThat(store.fileFor("quality-lint")).hasContent("abc");
  }

  @Test
  void cachedAnswersAreReturnedOnlyUnderTheirStamp() throws Exception {
    UpToDateStore store = new UpToDateStore(tmp.resolve("state"));
    assertThat(store.cached("trivy-version", "s1")).isEmpty();

    store.cache("trivy-version", "s1", "Version: 0.68.2\n\ttabs\tkept\n");

    assertThat(store.cached("trivy-version", "s1")).contains("Version: 0.68.2\n\ttabs\tkept\n");
    assertThat(store.cached("trivy-version", "s2")).isEmpty();
    assertThat(store.cached("trivy-version", null)).isEmpty();
    assertThat(store.cached("other", "s1")).isEmpty();
    store.cache("trivy-version", null, "unstampable inputs keep nothing");
    store.cache("trivy-version", "a\nb", "a stamp of two lines keeps nothing");
    assertThat(store.cached("trivy-version", "s1")).contains("Version: 0.68.2\n\ttabs\tkept\n");
    store.cache("trivy-version", "s2", "");
    assertThat(store.cached("trivy-version", "s2")).contains("");
    assertThat(store.cached("trivy-version", "s1")).isEmpty();
    // a record and an answer under one key live side by side
    store.record("trivy-version", "fp");
    assertThat(store.isUpToDate("trivy-version", "fp")).isTrue();
    assertThat(store.cached("trivy-version", "s2")).contains("");
  }

  @Test
  void anAnswerIsAskedOncePerStampAcrossTheStoresOfOneJvm() throws Exception {
    // the stores of two modules (two directories) of one build
    UpToDateStore users = new UpToDateStore(tmp.resolve("users/state"));
    UpToDateStore orders = new UpToDateStore(tmp.resolve("orders/state"));
    String stamp = UUID.randomUUID().toString(); // the shared answers live as long as the JVM
    AtomicInteger asked = new AtomicInteger();
    SharedAnswers.Question<String, RuntimeException> version =
        () -> "mypy 2.4.1 (asked " + asked.incrementAndGet() + ")";

    assertThat(users.answer("quality-mypy-version", stamp, version))
        .isEqualTo("mypy 2.4.1 (asked 1)");
    assertThat(orders.answer("quality-mypy-version", stamp, version))
        .isEqualTo("mypy 2.4.1 (asked 1)");
    // kept in the directory of the store that asked, for the next build's JVM
    assertThat(users.cached("quality-mypy-version", stamp)).contains("mypy 2.4.1 (asked 1)");
    // another stamp (a replaced binary), another key or no stamp: asked again
    assertThat(orders.answer("quality-mypy-version", stamp + "x", version))
        .isEqualTo("mypy 2.4.1 (asked 2)");
    assertThat(orders.answer("quality-bandit-version", stamp, version))
        .isEqualTo("mypy 2.4.1 (asked 3)");
    assertThat(orders.answer("quality-mypy-version", null, version))
        .isEqualTo("mypy 2.4.1 (asked 4)");
    assertThat(orders.answer("quality-mypy-version", null, version))
        .isEqualTo("mypy 2.4.1 (asked 5)");
  }

  @Test
  void aFailedQuestionKeepsNothingAndAFreshStoreReadsItsDirectory() throws Exception {
    String stamp = UUID.randomUUID().toString();
    UpToDateStore store = new UpToDateStore(tmp);
    SharedAnswers.Question<String, java.io.IOException> fails =
        () -> {
          throw new java.io.IOException("bandit --version exited with 1");
        };
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.answer("k", stamp, fails))
        .hasMessage("bandit --version exited with 1");
    assertThat(store.answer("k", stamp, () -> "1.9.4")).isEqualTo("1.9.4");

    // an answer a former build kept in the directory is used without asking
    String former = UUID.randomUUID().toString();
    store.cache("k", former, "1.9.3");
    assertThat(new UpToDateStore(tmp).answer("k", former, fails)).isEqualTo("1.9.3");
  }

  @Test
  void concurrentModulesWaitForOneAnswer() throws Exception {
    String stamp = UUID.randomUUID().toString();
    AtomicInteger asked = new AtomicInteger();
    CountDownLatch asking = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    SharedAnswers.Question<String, InterruptedException> slow =
        () -> {
          asked.incrementAndGet();
          asking.countDown();
          release.await(10, TimeUnit.SECONDS);
          return "ruff 0.17.6";
        };
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        UpToDateStore module = new UpToDateStore(tmp.resolve("m" + i));
        answers.add(pool.submit(() -> module.answer("quality-ruff-version", stamp, slow)));
      }
      assertThat(asking.await(10, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(100); // the other three are at the lock by now, or come after the answer
      release.countDown();
      for (Future<String> f : answers) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("ruff 0.17.6");
      }
      assertThat(asked).hasValue(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void recordReplacesAndInvalidateForgets() {
    UpToDateStore store = new UpToDateStore(tmp);
    store.record("k", "one");
    store.record("k", "two");
    assertThat(store.isUpToDate("k", "one")).isFalse();
    assertThat(store.isUpToDate("k", "two")).isTrue();
    store.invalidate("k");
    assertThat(store.isUpToDate("k", "two")).isFalse();
    store.invalidate("k"); // idempotent
  }

  @Test
  void statePersistsAcrossInstances() {
    new UpToDateStore(tmp).record("docs-build", "fp1");
    assertThat(new UpToDateStore(tmp).isUpToDate("docs-build", "fp1")).isTrue();
  }

  @Test
  void keysMapToDistinctSafeFileNames() {
    UpToDateStore store = new UpToDateStore(tmp);
    List<String> keys =
        List.of("a/b", "a_b", "A_b", "a_B", "../escape", ".hidden", "x".repeat(300));
    for (String k : keys) {
      store.record(k, "fp-" + k.length() + k.hashCode());
    }
    for (String k : keys) {
      assertThat(store.isUpToDate(k, "fp-" + k.length() + k.hashCode())).as(k).isTrue();
      Path f = store.fileFor(k);
      assertThat(f.getParent()).isEqualTo(tmp);
      assertThat(f.getFileName().toString()).matches("[A-Za-z0-9._-]+").doesNotStartWith(".");
      assertThat(f.getFileName().toString().length()).isLessThan(110);
    }
    assertThat(Stream.of(keys.toArray(new String[0])).map(store::fileFor).distinct())
        .hasSize(keys.size());
  }

  @Test
  void changesSaysWhatChangedInOneLine() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src/pkg"));
    Files.writeString(src.resolve("a.py"), "a");
    Files.writeString(src.resolve("b.py"), "b");
    Files.writeString(src.resolve("c=weird[1].py"), "c");
    UpToDateStore store = new UpToDateStore(tmp.resolve("state"));
    Fingerprint first = fingerprint("0.17.5", "--strict");

    assertThat(store.changes("lint", first)).contains("no successful run recorded");
    store.record("lint", first);
    assertThat(store.isUpToDate("lint", first)).isTrue();
    assertThat(store.changes("lint", first)).isEmpty();

    Files.writeString(src.resolve("a.py"), "a2");
    Files.writeString(src.resolve("c=weird[1].py"), "c2");
    Files.delete(src.resolve("b.py"));
    Files.writeString(src.resolve("new.py"), "n");
    Fingerprint second = fingerprint("0.17.6", "--fast");

    assertThat(store.isUpToDate("lint", second)).isFalse();
    assertThat(store.changes("lint", second))
        .contains(
            "2 files changed (pkg/a.py, pkg/c=weird[1].py); 1 file added (pkg/new.py);"
                + " 1 file removed (pkg/b.py); tool ruff 0.17.5 -> 0.17.6;"
                + " configuration changed (args)");

    store.invalidate("lint");
    assertThat(store.changes("lint", second)).contains("no successful run recorded");
    try (Stream<Path> files = Files.list(tmp.resolve("state"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void changesWithoutRecordedInputsIsGeneric() {
    UpToDateStore store = new UpToDateStore(tmp);
    store.record("k", "old-hex");
    assertThat(store.changes("k", Fingerprint.builder().value("a", 1).build()))
        .contains("inputs changed");
  }

  private Fingerprint fingerprint(String ruffVersion, String args) {
    return Fingerprint.builder()
        .tool("ruff", ruffVersion)
        .value("args", List.of(args))
        .files(tmp.resolve("src"), List.of("**/*.py"), Fingerprint.DEFAULT_EXCLUDES)
        .build();
  }

  @Test
  void garbledOrEmptyRecordIsNotUpToDate() throws Exception {
    UpToDateStore store = new UpToDateStore(tmp);
    Files.writeString(store.fileFor("k"), "");
    assertThat(store.isUpToDate("k", "")).isFalse();
    assertThat(store.recorded("k")).isEmpty();
  }

  @Test
  void noTemporaryFilesAreLeftAndConcurrentWritersNeverCorrupt() throws Exception {
    UpToDateStore store = new UpToDateStore(tmp.resolve("state"));
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < 8; t++) {
      int n = t;
      threads.add(
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 50; i++) {
                    store.record("shared", "fp-" + n + "-" + i);
                    // a reader never sees a missing or partial record
                    assertThat(store.recorded("shared").orElseThrow()).matches("fp-\\d-\\d+");
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(errors).isEmpty();
    try (Stream<Path> files = Files.list(tmp.resolve("state"))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("shared.state");
    }
    assertThat(store.recorded("shared").orElseThrow()).matches("fp-\\d-49");
  }
}
