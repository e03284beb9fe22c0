/**
 * Domain code of the docs plugin, no Maven types (mojos live in the {@code maven} sub-package),
 * split along docs:build's and docs:deploy's stages: {@code openapi} (load, check and inject the
 * spec), {@code site} (change filter, staging, generator, up-to-date check: docs:build) and {@code
 * deploy} (the gh-pages publisher: docs:deploy). This package holds only what the stages share.
 */
package dev.buildgate.docs;
