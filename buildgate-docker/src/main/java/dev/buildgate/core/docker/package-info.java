/**
 * Docker support shared by the plugins: {@link dev.buildgate.core.docker.DockerEngine} (docker-java
 * over the httpclient5 transport; DOCKER_HOST and docker contexts honoured; API version negotiated
 * with the daemon), {@link dev.buildgate.core.docker.BuildxCommand} (argv builder for {@code docker
 * buildx build}, run through an injected {@link dev.buildgate.core.exec.ProcessRunner}) and {@link
 * dev.buildgate.core.docker.DockerCredentials} (registry credentials from the user's docker config
 * and credential helpers, or from Maven settings servers; never written to disk).
 */
package dev.buildgate.core.docker;
