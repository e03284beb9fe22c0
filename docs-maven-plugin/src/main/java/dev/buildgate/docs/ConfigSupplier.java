package dev.buildgate.docs;

import dev.buildgate.core.gate.GateCannotRunException;

/**
 * Reads a goal's config, or a setting of the build, when the goal needs it: a configuration error
 * is then reported like every other error of the goal (its summary section says FAILED), and a goal
 * that skips never fails on a setting it does not use.
 *
 * @param <T> the config or setting
 */
@FunctionalInterface
public interface ConfigSupplier<T> {

  /**
   * Reads it.
   *
   * @return the config or setting
   * @throws GateCannotRunException one line naming the setting at fault and the fix
   */
  T get() throws GateCannotRunException;
}
