package dev.buildgate.docker.build;

import dev.buildgate.docker.image.ImageResult;
import java.util.List;
import java.util.Map;

/**
 * What a builder needs to build one image.
 *
 * @param spec the configured image
 * @param refs every reference to tag
 * @param contexts resolved named contexts
 * @param dependencies results of the images of this build it depends on
 * @param labels all labels (defaults + image labels)
 */
public record ImageJob(
    ImageSpec spec,
    List<String> refs,
    Map<String, ContextRef> contexts,
    Map<String, ImageResult> dependencies,
    Map<String, String> labels) {}
