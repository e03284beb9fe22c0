/**
 * Input fingerprints ({@link dev.buildgate.core.state.Fingerprint}) and the up-to-date store
 * ({@link dev.buildgate.core.state.UpToDateStore}) that let a goal skip work whose inputs, tool
 * versions and configuration did not change.
 */
package dev.buildgate.core.state;
