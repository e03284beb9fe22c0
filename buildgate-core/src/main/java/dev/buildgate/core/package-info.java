/** Buildgate core: Maven-free code shared by every Buildgate plugin. */
package dev.buildgate.core;
