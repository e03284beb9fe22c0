package dev.buildgate.integration.maven;

import java.io.File;
import java.util.List;

/**
 * POM form of the Kubernetes part of the stack ({@code <kubernetes>...}): attach to the cluster of
 * a kubeconfig context, make a namespace for the run, apply manifests into it, wait on its objects.
 */
public class Kubernetes {
  /**
   * A directory with etcd and kube-apiserver binaries (.ci/build-kube.sh builds them): the plugin
   * starts a control plane of its own at up (127.0.0.1, a random token) and stops it at down;
   * {@code <kubeconfig>} and {@code <context>} are then not used. Pods run only with {@code
   * <node>}.
   */
  File cluster;

  /**
   * With {@code <cluster>}: also run a node (kubelet, a containerd of its own, scheduler,
   * controller manager; .ci/build-kube.sh builds them) so pods really run. The manifests' images
   * come from the local Docker engine (nothing is pulled). Needs root and cgroup v1 or v2 write
   * access.
   */
  boolean node;

  /** The kubeconfig file (default: $KUBECONFIG, else ~/.kube/config). */
  File kubeconfig;

  /** The context to use (default: the file's current-context). */
  String context;

  /** Manifest files (multi-document YAML), applied in order with server-side apply. */
  List<File> manifests;

  /** Waits: deployment/NAME (Available), pod/NAME (Ready), job/NAME (Complete). */
  List<String> waits;
}
