/**
 * docs:build: the change filter, staging, the site generator and the up-to-date check, run by
 * {@link dev.buildgate.docs.site.DocsBuilder}.
 */
package dev.buildgate.docs.site;
