package dev.buildgate.docker.maven;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One {@code <image>} of the plugin configuration (see USAGE.md). */
public class Image {
  /** Unique image name; the repository is {@code <imagePrefix>/<name>}. */
  String name;

  /** Dockerfile, relative to the project directory; default {@code <context>/Dockerfile}. */
  String dockerfile;

  /** Build context directory, relative to the project directory; default the project directory. */
  String context;

  /** Named build contexts: another image of this build, a directory or a BuildKit source. */
  Map<String, String> contexts = new LinkedHashMap<>();

  /** Build arguments. */
  Map<String, String> buildArgs = new LinkedHashMap<>();

  /** Stage to build. */
  String target;

  /** Platforms, e.g. linux/amd64. */
  List<String> platforms = new ArrayList<>();

  /** Extra labels. */
  Map<String, String> labels = new LinkedHashMap<>();

  /** Build secrets (id + env or file). */
  List<Secret> secrets = new ArrayList<>();

  /** Extra tags (a bare tag is added to the image's repository; a full ref is used as is). */
  List<String> tags = new ArrayList<>();

  /** Images of this build to wait for. */
  List<String> dependsOn = new ArrayList<>();

  /** Pull policy: never (default), always, default. */
  String pull;
}
