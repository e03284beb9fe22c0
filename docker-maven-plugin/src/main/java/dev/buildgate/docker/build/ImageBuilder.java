package dev.buildgate.docker.build;

import dev.buildgate.docker.DockerConfigException;

/** Builds one image: buildx (CLI) or the engine's classic builder (docker-java). */
public interface ImageBuilder {

  /**
   * The builder's name for images.json.
   *
   * @return {@code buildx} or {@code engine}
   */
  String kind();

  /**
   * Checks what this builder cannot do for an image before anything is built.
   *
   * @param job the image
   * @throws DockerConfigException when the image needs something this builder cannot do
   */
  void check(ImageJob job) throws DockerConfigException;

  /**
   * Builds an image.
   *
   * @param job the image
   * @param log its log
   * @return the result
   * @throws ImageBuildException when the build failed
   * @throws Exception when the builder could not run
   */
  BuiltImage build(ImageJob job, ImageLog log) throws Exception;
}
