/**
 * The integration test command's run, its recorded result, the up-to-date decision and verify (with
 * its summary section).
 */
package dev.buildgate.integration.test;
