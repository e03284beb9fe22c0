package dev.buildgate.docker.scan;

import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ignore files of docker:scan: loaded once each (shared and per image), with warnings for
 * entries that expired or expire soon, for image names that match no scanned image, and, after the
 * scans, for entries that matched nothing.
 */
final class IgnoreFiles {

  private IgnoreFiles() {}

  static void loadIgnoreRules(
      ScanConfig config,
      List<ImageTarget> targets,
      Map<String, IgnoreRules> rules,
      List<IgnoreEntry> all,
      List<String> warnings)
      throws ScanException {
    Map<Path, List<IgnoreEntry>> loaded = new LinkedHashMap<>();
    List<IgnoreEntry> shared = new ArrayList<>();
    for (Path p : config.ignoreFiles()) {
      shared.addAll(load(config, p, loaded));
    }
    Set<String> names = new LinkedHashSet<>();
    for (ImageTarget t : targets) {
      names.add(t.name());
      List<IgnoreEntry> own = new ArrayList<>();
      for (Path p : config.imageIgnoreFiles().getOrDefault(t.name(), List.of())) {
        own.addAll(load(config, p, loaded));
      }
      rules.put(t.name(), new IgnoreRules(shared).plus(own));
    }
    for (String name : config.imageIgnoreFiles().keySet()) {
      if (!names.contains(name)) {
        warnings.add(
            "imageIgnoreFiles names image '"
                + name
                + "' which is not among the scanned images "
                + names
                + ": fix the name");
      }
    }
    loaded.values().forEach(all::addAll);
    for (IgnoreEntry e : all) {
      if (e.expires() == null) {
        continue;
      }
      long days = ChronoUnit.DAYS.between(config.today(), e.expires());
      if (e.expiredOn(config.today())) {
        warnings.add(
            "Trivy ignore entry "
                + e.id()
                + " ("
                + e.source()
                + ") expired on "
                + e.expires()
                + " and no longer ignores anything: fix the vulnerability or renew the date");
      } else if (days <= config.expiryWarningDays()) {
        warnings.add(
            "Trivy ignore entry "
                + e.id()
                + " ("
                + e.source()
                + ") expires on "
                + e.expires()
                + " (in "
                + days
                + " day"
                + (days == 1 ? "" : "s")
                + "): after that the finding fails the gate again");
      }
    }
  }

  private static List<IgnoreEntry> load(
      ScanConfig config, Path p, Map<Path, List<IgnoreEntry>> loaded) throws ScanException {
    Path abs = p.isAbsolute() ? p.normalize() : config.projectDir().resolve(p).normalize();
    List<IgnoreEntry> existing = loaded.get(abs);
    if (existing != null) {
      return existing;
    }
    String display =
        abs.startsWith(config.projectDir())
            ? config.projectDir().relativize(abs).toString()
            : abs.toString();
    List<IgnoreEntry> entries = IgnoreRules.load(abs, display);
    loaded.put(abs, entries);
    return entries;
  }

  static void entryWarnings(
      ScanConfig config, List<IgnoreEntry> all, boolean allScanned, List<String> warnings) {
    if (!allScanned) {
      return;
    }
    for (IgnoreEntry e : all) {
      if (e.expiredOn(config.today())) {
        if (e.expiredHits() > 0) {
          warnings.add(
              "Expired Trivy ignore entry "
                  + e.id()
                  + " ("
                  + e.source()
                  + ") matched "
                  + e.expiredHits()
                  + " finding(s) that now count again");
        }
        continue;
      }
      if (e.matches() == 0) {
        warnings.add(
            "Trivy ignore entry "
                + e.id()
                + " ("
                + e.source()
                + ") matched no vulnerability in any scanned image: remove it if it is no longer needed");
      }
    }
  }
}
