package dev.buildgate.docker.maven;

/** {@code <cache>}: branch-scoped build cache settings. */
public class Cache {
  /** auto (default), local, registry, none. */
  String type = "auto";

  /** Root of local caches; default {@code target/buildgate/docker/cache}. */
  String directory;

  /** Registry cache repository; default {@code <imagePrefix>/cache}. */
  String repository;
}
