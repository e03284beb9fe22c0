/**
 * Domain code of the integration plugin: no Maven types here (mojos live in the {@code maven}
 * sub-package).
 */
package dev.buildgate.integration;
