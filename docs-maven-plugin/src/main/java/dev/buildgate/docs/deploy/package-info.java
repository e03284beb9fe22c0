/**
 * docs:deploy: whether the CI context may publish ({@link dev.buildgate.docs.deploy.DeployGate})
 * and the gh-pages commit and push ({@link dev.buildgate.docs.deploy.GhPagesPublisher}).
 */
package dev.buildgate.docs.deploy;
