package dev.buildgate.integration.maven;

import java.io.File;
import java.util.List;

/**
 * POM form of the Kubernetes part of the stack ({@code <kubernetes>...}): attach to the cluster of
 * a kubeconfig context, make a namespace for the run, apply manifests into it, wait on its objects.
 */
public class Kubernetes {
  /** The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config). */
  File kubeconfig;

  /** The context to use (default: the file's current-context). */
  String context;

  /** Manifest files (multi-document YAML), applied in order with server-side apply. */
  List<File> manifests;

  /** Waits: deployment/NAME (Available), pod/NAME (Ready), job/NAME (Complete). */
  List<String> waits;
}
