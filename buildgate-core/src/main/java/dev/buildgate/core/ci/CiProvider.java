package dev.buildgate.core.ci;

/**
 * One CI system: recognises its environment and reads the build's context from its variables.
 * {@link CiDetector} asks each provider in {@link CiProviders#ALL} order.
 */
interface CiProvider {

  /** The provider id as in {@link CiContext#provider()}, e.g. {@code github}. */
  String id();

  /** True when the environment carries this system's markers. */
  boolean detects(CiEnv env);

  /**
   * Reads event, branch, pull request, tag, commit, run, owner and repository from the environment;
   * leaves what the system does not tell null.
   */
  void read(CiEnv env, CiFields f);
}
