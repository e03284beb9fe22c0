/**
 * How Buildgate and the tools it runs may use the network: Maven's offline switch and the
 * settings.xml proxies, without Maven types ({@link dev.buildgate.core.net.Network}).
 */
package dev.buildgate.core.net;
