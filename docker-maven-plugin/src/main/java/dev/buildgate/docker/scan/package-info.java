/**
 * The {@code docker:scan} gate, free of Maven types: runs Trivy on every built image, decides the
 * verdict from Trivy's JSON report (never from its exit code), applies ignore files, writes SARIF
 * and the image section of the pipeline summary.
 */
package dev.buildgate.docker.scan;
