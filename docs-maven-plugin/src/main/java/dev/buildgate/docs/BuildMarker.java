package dev.buildgate.docs;

import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.io.PropertiesFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The file docs:build leaves in its work directory for docs:deploy, which tells "skipped: nothing
 * to build" from "never built": {@code last-build.properties} with the build's status, reason and
 * site.
 */
public final class BuildMarker {

  /** The marker's file name in the work directory. */
  public static final String FILE = "last-build.properties";

  private BuildMarker() {}

  /**
   * Removes the marker of an earlier build.
   *
   * @param workDir the docs work directory
   * @throws GateCannotRunException it cannot be removed
   */
  public static void reset(Path workDir) throws GateCannotRunException {
    try {
      Files.deleteIfExists(workDir.resolve(FILE));
    } catch (IOException e) {
      throw new GateCannotRunException("Could not reset " + workDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes the marker.
   *
   * @param workDir the docs work directory
   * @param status the build's status, e.g. {@code BUILT}, {@code UNCHANGED}
   * @param reason one line
   * @param siteDir the site
   * @throws GateCannotRunException it cannot be written
   */
  public static void write(Path workDir, String status, String reason, Path siteDir)
      throws GateCannotRunException {
    Properties p = new Properties();
    p.setProperty("status", status);
    p.setProperty("reason", reason);
    p.setProperty("site", siteDir.toAbsolutePath().toString());
    try {
      PropertiesFiles.write(workDir.resolve(FILE), p, "docs:build result");
    } catch (IOException e) {
      throw new GateCannotRunException("Could not write the build marker: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the last docs:build status.
   *
   * @param workDir the docs work directory
   * @return its properties ({@code status}, {@code reason}, {@code site}), or null
   */
  public static Properties read(Path workDir) {
    return PropertiesFiles.read(workDir.resolve(FILE));
  }
}
