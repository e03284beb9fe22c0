/**
 * The CI context of a build (provider, event, branch, pull request, tag, commit, run, owner)
 * detected from the CI system's environment or the local git checkout, and the image tag scheme
 * derived from it.
 */
package dev.buildgate.core.ci;
