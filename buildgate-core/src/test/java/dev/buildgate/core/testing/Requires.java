package dev.buildgate.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * What a test needs beyond the JVM (a Docker engine, BuildKit, the pinned tools, Kubernetes
 * binaries), by JUnit tag. A test class that needs one carries its tag
 * ({@code @Tag(Requires.KUBE)}) and checks with {@link #that}: a missing component fails the test
 * with the fix, it never skips it silently. A machine without the component excludes the tag
 * instead: {@code -Dbuildgate.test.excludedGroups=kube,kube-node} (surefire's excludedGroups, set
 * in the root POM).
 */
public final class Requires {

  /** A Docker engine and the local test images ({@code .ci/setup-env.sh}). */
  public static final String DOCKER = "docker";

  /** The BuildKit daemon and its buildx builder ({@code .ci/start-buildkitd.sh}). */
  public static final String BUILDKIT = "buildkit";

  /** The pinned Python tools' virtualenv (uv, ruff, mypy; {@code .ci/setup-env.sh}). */
  public static final String TOOLS = "tools";

  /** etcd and kube-apiserver ({@code .ci/build-kube.sh}). */
  public static final String KUBE = "kube";

  /** A whole Kubernetes node: containerd, kubelet, CNI ({@code .ci/build-kube.sh}) and root. */
  public static final String KUBE_NODE = "kube-node";

  /**
   * Zensical, on PATH or named by {@code BUILDGATE_ZENSICAL}. Excluded by default (the root POM's
   * {@code buildgate.test.excludedGroups}): its wheel needs {@code zensical-ui}, which the package
   * index these machines use does not serve.
   */
  public static final String ZENSICAL = "zensical";

  private Requires() {}

  /**
   * Fails the test when a component it needs is missing.
   *
   * @param present whether the component is there
   * @param tag the test's tag, e.g. {@link #KUBE}
   * @param what what is missing and how to get it
   */
  public static void that(boolean present, String tag, String what) {
    if (!present) {
      fail(
          what
              + " (or exclude these tests on this machine: -Dbuildgate.test.excludedGroups="
              + tag
              + ")");
    }
  }
}
