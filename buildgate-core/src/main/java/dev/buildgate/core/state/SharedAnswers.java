package dev.buildgate.core.state;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Answers asked once per key by the modules of a build: the first caller asks, callers that come
 * while it asks wait for its answer, later ones get it at once. A failed question keeps nothing (a
 * caller that waited for it asks itself, so it gets its own error); a {@code null} answer is not
 * kept either. Bounded: beyond {@code capacity} keys, answers are no longer kept.
 *
 * <pre>{@code
 * static final SharedAnswers<List<Object>, Probe> PROBES = new SharedAnswers<>(64);
 * Probe p = PROBES.get(List.of(buildId, docker), () -> askBuildx());
 * }</pre>
 *
 * @param <K> the key: everything the answer depends on
 * @param <V> the answer
 */
public final class SharedAnswers<K, V> {

  /**
   * A question.
   *
   * @param <V> the answer
   * @param <E> what asking may throw
   */
  @FunctionalInterface
  public interface Question<V, E extends Exception> {
    /**
     * Asks.
     *
     * @return the answer, or null (nothing is kept)
     * @throws E when the question cannot be answered
     */
    V ask() throws E;
  }

  private final ConcurrentHashMap<K, CompletableFuture<V>> answers = new ConcurrentHashMap<>();
  private final int capacity;

  /**
   * @param capacity how many answers are kept at most
   */
  public SharedAnswers(int capacity) {
    this.capacity = capacity;
  }

  /**
   * The answer kept for the key, else the one being asked by another caller, else asked now.
   *
   * @param key the key
   * @param question asks
   * @param <E> what asking may throw
   * @return the answer
   * @throws E when asking fails
   */
  public <E extends Exception> V get(K key, Question<V, E> question) throws E {
    CompletableFuture<V> asked = answers.get(key);
    if (asked == null && answers.size() >= capacity) {
      return question.ask();
    }
    CompletableFuture<V> mine = new CompletableFuture<>();
    if (asked == null) {
      asked = answers.putIfAbsent(key, mine);
    }
    if (asked != null) {
      try {
        V v = asked.join();
        return v != null ? v : question.ask();
      } catch (CompletionException e) {
        return question.ask(); // the first asker failed: ask again, for this caller's own error
      }
    }
    V v;
    try {
      v = question.ask();
    } catch (Exception | Error e) {
      answers.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
    if (v == null) {
      answers.remove(key, mine);
    }
    mine.complete(v);
    return v;
  }

  /**
   * Forgets the answers whose key does not match (e.g. those of earlier builds in a long-lived
   * JVM).
   *
   * @param keep the keys to keep
   */
  public void retain(Predicate<K> keep) {
    answers.keySet().removeIf(keep.negate());
  }
}
