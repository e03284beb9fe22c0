package dev.buildgate.docker.build;

/**
 * What a builder reports for a successful build.
 *
 * @param imageId the local image id, or null when not loaded
 * @param digest the registry digest, or null
 * @param loaded in the local daemon
 * @param pushed in the registry
 */
public record BuiltImage(String imageId, String digest, boolean loaded, boolean pushed) {}
