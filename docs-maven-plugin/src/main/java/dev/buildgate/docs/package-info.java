/**
 * Domain code of the docs plugin: no Maven types here (mojos live in the {@code maven}
 * sub-package).
 */
package dev.buildgate.docs;
