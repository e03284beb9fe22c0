/**
 * Domain code of the quality plugin: no Maven types here (mojos live in the {@code maven}
 * sub-package).
 */
package dev.buildgate.quality;
