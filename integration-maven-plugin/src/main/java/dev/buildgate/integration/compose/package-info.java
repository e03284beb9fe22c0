/**
 * Rendering the CI compose file (the originals plus the POM overrides), the run file and the
 * compose commands of a stack.
 */
package dev.buildgate.integration.compose;
