/**
 * Readiness waits: one {@link dev.buildgate.integration.wait.WaitProbe} per kind (http, tcp,
 * healthy, exited, log), polled under one deadline by {@link
 * dev.buildgate.integration.wait.Readiness}.
 */
package dev.buildgate.integration.wait;
