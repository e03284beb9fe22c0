/**
 * The lifecycle of a compose stack: up (start and wait), inspect, logs, teardown and the sweep of
 * stacks crashed builds left.
 */
package dev.buildgate.integration.stack;
