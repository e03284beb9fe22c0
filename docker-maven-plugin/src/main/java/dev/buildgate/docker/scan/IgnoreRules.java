package dev.buildgate.docker.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.buildgate.core.gate.Echo;
import dev.buildgate.core.io.InputLimits;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.PatternSyntaxException;

/**
 * The ignore entries that apply to one image: the shared files plus the image's own. Reads Trivy's
 * two formats:
 *
 * <ul>
 *   <li>{@code .trivyignore}: one vulnerability id per line, {@code #} starts a comment, an
 *       optional {@code exp:YYYY-MM-DD} after the id;
 *   <li>{@code .trivyignore.yaml} / {@code .yml}: {@code vulnerabilities:} a list of {@code id},
 *       {@code statement}, {@code expired_at} (YYYY-MM-DD), optional {@code paths} and {@code
 *       purls} (other sections, e.g. {@code misconfigurations}, are not used by a vuln scan).
 * </ul>
 *
 * Entries are shared objects: an entry loaded once and used for several images counts its matches
 * across all of them (for the "matched nothing" warning).
 */
public final class IgnoreRules {

  /** Nothing ignored. */
  public static final IgnoreRules NONE = new IgnoreRules(List.of());

  private final List<IgnoreEntry> entries;

  /** Creates rules from entries. */
  public IgnoreRules(List<IgnoreEntry> entries) {
    this.entries = List.copyOf(entries);
  }

  public List<IgnoreEntry> entries() {
    return entries;
  }

  /** These rules plus {@code more}. */
  public IgnoreRules plus(List<IgnoreEntry> more) {
    List<IgnoreEntry> all = new ArrayList<>(entries);
    all.addAll(more);
    return new IgnoreRules(all);
  }

  /**
   * The entry that ignores {@code v} on {@code today}, or null. An expired entry never ignores;
   * when only expired entries apply, each records the hit (for the warning).
   */
  public IgnoreEntry ignoring(TrivyVulnerability v, LocalDate today) {
    IgnoreEntry expired = null;
    for (IgnoreEntry e : entries) {
      if (e.appliesTo(v)) {
        if (e.expiredOn(today)) {
          expired = e;
        } else {
          e.recordMatch();
          return e;
        }
      }
    }
    if (expired != null) {
      expired.recordExpiredHit();
    }
    return null;
  }

  /**
   * Loads one ignore file; the format follows the name ({@code .yaml}/{@code .yml} = YAML).
   *
   * @param file the file (must exist)
   * @param displayName the name used in messages (e.g. repository-relative)
   * @return its entries
   * @throws ScanException one line naming file, line/entry and the fix
   */
  public static List<IgnoreEntry> load(Path file, String displayName) throws ScanException {
    if (!Files.isRegularFile(file)) {
      throw new ScanException(
          "Trivy ignore file "
              + displayName
              + " does not exist: create it or remove it from <ignoreFiles>/<imageIgnoreFiles>");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".yaml") || name.endsWith(".yml")) {
        return loadYaml(file, displayName);
      }
      return loadText(Files.readAllLines(file, StandardCharsets.UTF_8), displayName);
    } catch (CharacterCodingException e) {
      throw new ScanException(
          "Trivy ignore file " + displayName + " is not UTF-8 text: save it as UTF-8", e);
    } catch (IOException e) {
      throw new ScanException("Could not read Trivy ignore file " + displayName + ": " + e, e);
    }
  }

  /** Parses the {@code .trivyignore} text format. */
  static List<IgnoreEntry> loadText(List<String> lines, String displayName) throws ScanException {
    List<IgnoreEntry> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      if (hash >= 0) {
        line = line.substring(0, hash);
      }
      line = line.trim();
      if (line.isEmpty()) {
        continue;
      }
      String where = displayName + ":" + (i + 1);
      String[] fields = line.split("\\s+");
      LocalDate exp = null;
      for (int f = 1; f < fields.length; f++) {
        if (fields[f].startsWith("exp:")) {
          exp = date(fields[f].substring(4), where, "exp:YYYY-MM-DD, e.g. exp:2026-12-31");
        } else {
          throw new ScanException(
              where
                  + ": unexpected '"
                  + Echo.of(fields[f], 60)
                  + "' after the id: a line is '<id> [exp:YYYY-MM-DD]' (comments start with #)");
        }
      }
      out.add(new IgnoreEntry(fields[0], exp, null, List.of(), List.of(), where));
    }
    return out;
  }

  private static List<IgnoreEntry> loadYaml(Path file, String displayName)
      throws IOException, ScanException {
    JsonNode root;
    try {
      root = new ObjectMapper(InputLimits.yamlFactoryBuilder().build()).readTree(file.toFile());
    } catch (IOException e) {
      throw new ScanException(
          displayName + " is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    List<IgnoreEntry> out = new ArrayList<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return out;
    }
    if (!root.isObject()) {
      throw new ScanException(
          displayName + ": expected a mapping with 'vulnerabilities:' (Trivy's .trivyignore.yaml)");
    }
    JsonNode vulns = root.path("vulnerabilities");
    if (vulns.isMissingNode() || vulns.isNull()) {
      return out;
    }
    if (!vulns.isArray()) {
      throw new ScanException(displayName + ": 'vulnerabilities' must be a list of entries");
    }
    for (int i = 0; i < vulns.size(); i++) {
      JsonNode n = vulns.get(i);
      String where = displayName + " vulnerabilities[" + i + "]";
      String id = n.path("id").asText("").trim();
      if (id.isEmpty()) {
        throw new ScanException(where + ": missing 'id' (e.g. id: CVE-2024-1234)");
      }
      where = where + " (" + Echo.of(id, 60) + ")";
      LocalDate exp = null;
      JsonNode e = n.path("expired_at");
      if (!e.isMissingNode() && !e.isNull() && !e.asText("").isBlank()) {
        exp = date(e.asText(), where, "expired_at: YYYY-MM-DD, e.g. expired_at: 2026-12-31");
      }
      String statement = n.path("statement").isTextual() ? n.path("statement").asText() : null;
      List<String> paths = strings(n, "paths", where);
      try {
        out.add(new IgnoreEntry(id, exp, statement, paths, strings(n, "purls", where), where));
      } catch (PatternSyntaxException x) {
        throw new ScanException(
            where
                + ": a glob in 'paths' is not valid ("
                + x.getDescription()
                + "): fix "
                + Echo.of(String.join(", ", paths), 60));
      }
    }
    return out;
  }

  private static List<String> strings(JsonNode n, String field, String where) throws ScanException {
    JsonNode a = n.path(field);
    if (a.isMissingNode() || a.isNull()) {
      return List.of();
    }
    if (!a.isArray()) {
      throw new ScanException(where + ": '" + field + "' must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode s : a) {
      out.add(s.asText());
    }
    return out;
  }

  private static LocalDate date(String text, String where, String hint) throws ScanException {
    String t = text.trim();
    // YAML may give a timestamp for an unquoted date; keep the date part.
    if (t.length() > 10 && t.charAt(10) == 'T') {
      t = t.substring(0, 10);
    }
    try {
      return LocalDate.parse(t);
    } catch (DateTimeParseException e) {
      throw new ScanException(where + ": invalid date '" + Echo.of(text, 60) + "': use " + hint);
    }
  }

  /** What a message quotes from the file: at most 60 characters. */
}
