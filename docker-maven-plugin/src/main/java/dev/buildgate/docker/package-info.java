/**
 * Domain code of the docker plugin: no Maven types here (mojos live in the {@code maven}
 * sub-package).
 */
package dev.buildgate.docker;
