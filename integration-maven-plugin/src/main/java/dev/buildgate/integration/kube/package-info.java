/**
 * Kubernetes for integration tests, Maven-free: kubeconfig reading, a small REST client over {@code
 * java.net.http}, a namespace per run, server-side apply of manifest files, readiness waits on
 * Kubernetes objects, collection of dumps/events/logs and the stale sweep by label.
 */
package dev.buildgate.integration.kube;
