package dev.buildgate.quality.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Rule;
import dev.buildgate.core.finding.Severity;
import dev.buildgate.core.io.JsonStreams;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses SARIF 2.1.0 written by any tool (semgrep {@code --sarif}, hadolint {@code -f sarif}, ruff
 * {@code --output-format sarif}, Buildgate's own reports) with Jackson's streaming parser: the
 * document is never held as a tree, so very large reports parse in bounded memory.
 *
 * <p>Rules may appear before or after the results (both orders occur in practice): results are
 * resolved against {@code tool.driver.rules} when their run ends. Severity comes from, in order: a
 * Buildgate {@code properties.severity}, a GitHub {@code security-severity} score on the result or
 * its rule, the result's {@code level}, the rule's {@code defaultConfiguration.level}, else {@code
 * warning} (the SARIF default). Results with {@code suppressions} or a {@code kind} other than
 * {@code fail} are not findings.
 */
public final class SarifParser implements OutputParser {

  /** The {@code partialFingerprints} key Buildgate writes its fingerprint under. */
  public static final String BUILDGATE_FINGERPRINT = "buildgateFingerprint/v1";

  /** One SARIF run. */
  public record Run(
      String driverName,
      String version,
      String informationUri,
      List<Rule> rules,
      List<Finding> findings) {}

  @Override
  public ParsedOutput parse(InputStream in, ParseContext ctx)
      throws IOException, OutputParseException {
    List<Run> runs = parseRuns(in, ctx);
    List<Finding> findings = new ArrayList<>();
    Map<String, Rule> rules = new LinkedHashMap<>();
    String version = null;
    for (Run run : runs) {
      findings.addAll(run.findings());
      for (Rule r : run.rules()) {
        rules.putIfAbsent(r.id(), r);
      }
      if (version == null) {
        version = run.version();
      }
    }
    return new ParsedOutput(findings, new ArrayList<>(rules.values()), List.of(), 0, version);
  }

  /** Every run of the document, findings reported under {@link ParseContext#tool()}. */
  public List<Run> parseRuns(InputStream in, ParseContext ctx)
      throws IOException, OutputParseException {
    List<Run> runs = new ArrayList<>();
    boolean sawRuns = false;
    try (JsonParser p = Json.open(in)) {
      Json.expect(p, JsonToken.START_OBJECT, ctx.tool(), "a SARIF log object");
      while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = Json.next(p, ctx.tool());
        if (field.equals("runs") && t == JsonToken.START_ARRAY) {
          sawRuns = true;
          while (Json.next(p, ctx.tool()) == JsonToken.START_OBJECT) {
            runs.add(run(p, ctx));
          }
        } else {
          p.skipChildren();
        }
      }
      Json.expectEnd(p, ctx.tool());
    } catch (JsonProcessingException e) {
      throw Json.invalid(ctx.tool(), e);
    } catch (CharConversionException e) {
      throw Json.invalid(ctx.tool(), e);
    }
    if (!sawRuns) {
      throw new OutputParseException(ctx.tool() + " output is not SARIF: it has no \"runs\" array");
    }
    return runs;
  }

  private static final class RuleInfo {
    String id;
    String name;
    String shortDescription;
    String helpUri;
    String level;
    String securitySeverity;
  }

  private static final class Pending {
    String ruleId;
    int ruleIndex = -1;
    String level;
    String kind;
    String message;
    String uri;
    String uriBaseId;
    int line;
    int column;
    String fingerprint;
    String severityProperty;
    String securitySeverity;
    Map<String, String> properties;
    boolean suppressed;
  }

  /** The {@code tool.driver} of a run. */
  private static final class Driver {
    String name;
    String version;
    String informationUri;
    final List<RuleInfo> rules = new ArrayList<>();
  }

  private static Run run(JsonParser p, ParseContext ctx) throws IOException, OutputParseException {
    Driver driver = new Driver();
    List<Pending> results = new ArrayList<>();
    Map<String, String> baseIds = new HashMap<>();
    while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = Json.next(p, ctx.tool());
      if (field.equals("tool") && t == JsonToken.START_OBJECT) {
        while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
          String f = p.currentName();
          JsonToken tt = Json.next(p, ctx.tool());
          if (f.equals("driver") && tt == JsonToken.START_OBJECT) {
            driver(p, ctx, driver);
          } else {
            p.skipChildren();
          }
        }
      } else if (field.equals("results") && t == JsonToken.START_ARRAY) {
        while (Json.next(p, ctx.tool()) == JsonToken.START_OBJECT) {
          results.add(result(p, ctx));
        }
      } else if (field.equals("originalUriBaseIds") && t == JsonToken.START_OBJECT) {
        baseIds(p, ctx, baseIds);
      } else {
        p.skipChildren();
      }
    }
    Map<String, RuleInfo> byId = new HashMap<>();
    List<Rule> ruleList = rules(driver.rules, byId);
    List<Finding> findings = new ArrayList<>(results.size());
    for (Pending r : results) {
      if (r.suppressed || (r.kind != null && !r.kind.equals("fail"))) {
        continue;
      }
      findings.add(finding(r, driver, byId, baseIds, ctx));
    }
    return new Run(driver.name, driver.version, driver.informationUri, ruleList, findings);
  }

  /** Reads {@code tool.driver}: name, version, information URI and rules. */
  private static void driver(JsonParser p, ParseContext ctx, Driver driver)
      throws IOException, OutputParseException {
    while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
      String d = p.currentName();
      JsonToken dt = Json.next(p, ctx.tool());
      switch (d) {
        case "name":
          driver.name = JsonStreams.text(p);
          break;
        case "version":
          driver.version = JsonStreams.text(p);
          break;
        case "semanticVersion":
          String sv = JsonStreams.text(p);
          if (driver.version == null) {
            driver.version = sv;
          }
          break;
        case "informationUri":
          driver.informationUri = JsonStreams.text(p);
          break;
        case "rules":
          if (dt == JsonToken.START_ARRAY) {
            while (Json.next(p, ctx.tool()) == JsonToken.START_OBJECT) {
              driver.rules.add(rule(p, ctx));
            }
          } else {
            p.skipChildren();
          }
          break;
        default:
          p.skipChildren();
      }
    }
  }

  /** Reads {@code originalUriBaseIds}: id to URI. */
  private static void baseIds(JsonParser p, ParseContext ctx, Map<String, String> baseIds)
      throws IOException, OutputParseException {
    while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
      String id = p.currentName();
      JsonToken bt = Json.next(p, ctx.tool());
      if (bt == JsonToken.START_OBJECT) {
        while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
          String f = p.currentName();
          Json.next(p, ctx.tool());
          if (f.equals("uri")) {
            String u = JsonStreams.text(p);
            if (u != null) {
              baseIds.put(id, u);
            }
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
  }

  /** The rules with an id, in order; {@code byId} receives the first rule of each id. */
  private static List<Rule> rules(List<RuleInfo> rules, Map<String, RuleInfo> byId) {
    List<Rule> ruleList = new ArrayList<>(rules.size());
    for (RuleInfo r : rules) {
      if (r.id == null || r.id.isBlank()) {
        continue;
      }
      byId.putIfAbsent(r.id, r);
      ruleList.add(
          new Rule(
              r.id,
              r.name,
              r.shortDescription,
              r.helpUri,
              r.securitySeverity != null
                  ? fromScore(r.securitySeverity, fromLevel(r.level))
                  : (r.level == null ? null : fromLevel(r.level))));
    }
    return ruleList;
  }

  /** A result as a finding, with its rule found by index, else by id. */
  private static Finding finding(
      Pending r,
      Driver driver,
      Map<String, RuleInfo> byId,
      Map<String, String> baseIds,
      ParseContext ctx) {
    RuleInfo rule = null;
    if (r.ruleIndex >= 0 && r.ruleIndex < driver.rules.size()) {
      rule = driver.rules.get(r.ruleIndex);
    }
    if (rule == null && r.ruleId != null) {
      rule = byId.get(r.ruleId);
    }
    String ruleId = r.ruleId != null ? r.ruleId : (rule != null ? rule.id : null);
    if (ruleId == null || ruleId.isBlank()) {
      ruleId = driver.name != null ? driver.name : "sarif-result";
    }
    Finding.Builder b =
        Finding.builder(ctx.tool(), ctx.intern(ruleId))
            .severity(severity(r, rule))
            .file(file(r, baseIds, ctx))
            .line(r.line)
            .column(r.column)
            .message(r.message != null ? r.message : (rule != null ? rule.shortDescription : ""))
            .helpUri(rule != null ? rule.helpUri : null)
            .fingerprint(r.fingerprint);
    if (r.properties != null) {
      b.properties(r.properties);
    }
    return b.build();
  }

  private static Severity severity(Pending r, RuleInfo rule) {
    if (r.severityProperty != null) {
      try {
        return Severity.parse(r.severityProperty);
      } catch (IllegalArgumentException e) {
        // fall through to the SARIF level
      }
    }
    Severity byLevel = fromLevel(r.level != null ? r.level : (rule != null ? rule.level : null));
    String score =
        r.securitySeverity != null
            ? r.securitySeverity
            : (rule != null ? rule.securitySeverity : null);
    return score != null ? fromScore(score, byLevel) : byLevel;
  }

  /** SARIF level: error is HIGH, warning (and the default) MEDIUM, note and none INFO. */
  static Severity fromLevel(String level) {
    if (level == null) {
      return Severity.MEDIUM;
    }
    switch (level.trim().toLowerCase(Locale.ROOT)) {
      case "error":
        return Severity.HIGH;
      case "note":
      case "none":
        return Severity.INFO;
      default:
        return Severity.MEDIUM;
    }
  }

  /** GitHub's security-severity bands: >= 9 CRITICAL, >= 7 HIGH, >= 4 MEDIUM, > 0 LOW. */
  static Severity fromScore(String score, Severity dflt) {
    try {
      double d = Double.parseDouble(score.trim());
      if (d >= 9.0) {
        return Severity.CRITICAL;
      }
      if (d >= 7.0) {
        return Severity.HIGH;
      }
      if (d >= 4.0) {
        return Severity.MEDIUM;
      }
      if (d > 0.0) {
        return Severity.LOW;
      }
      return Severity.INFO;
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static String file(Pending r, Map<String, String> baseIds, ParseContext ctx) {
    String resolved = resolve(r.uri, r.uriBaseId, baseIds);
    if (resolved != null
        && r.uriBaseId != null
        && !baseIds.containsKey(r.uriBaseId)
        && !resolved.contains(":")
        && !resolved.startsWith("/")) {
      return ctx.fileUnderRoot(resolved);
    }
    return ctx.file(resolved);
  }

  private static String resolve(String uri, String baseId, Map<String, String> baseIds) {
    if (uri == null) {
      return null;
    }
    String base = baseId == null ? null : baseIds.get(baseId);
    if (base != null && !uri.contains(":")) {
      try {
        return URI.create(base.endsWith("/") ? base : base + "/").resolve(uri).toString();
      } catch (IllegalArgumentException e) {
        return uri;
      }
    }
    if (!uri.startsWith("file:") && uri.indexOf('%') >= 0) {
      try {
        String path = URI.create(uri).getPath();
        return path != null ? path : uri;
      } catch (IllegalArgumentException e) {
        return uri;
      }
    }
    return uri;
  }

  private static RuleInfo rule(JsonParser p, ParseContext ctx)
      throws IOException, OutputParseException {
    RuleInfo r = new RuleInfo();
    while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = Json.next(p, ctx.tool());
      switch (field) {
        case "id":
          r.id = ctx.intern(JsonStreams.text(p));
          break;
        case "name":
          r.name = JsonStreams.text(p);
          break;
        case "helpUri":
          r.helpUri = JsonStreams.text(p);
          break;
        case "shortDescription":
          r.shortDescription = nestedText(p, t, ctx, "text");
          break;
        case "defaultConfiguration":
          r.level = nestedText(p, t, ctx, "level");
          break;
        case "properties":
          r.securitySeverity = nestedText(p, t, ctx, "security-severity");
          break;
        default:
          p.skipChildren();
      }
    }
    return r;
  }

  private static Pending result(JsonParser p, ParseContext ctx)
      throws IOException, OutputParseException {
    Pending r = new Pending();
    while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = Json.next(p, ctx.tool());
      switch (field) {
        case "ruleId":
          r.ruleId = ctx.intern(JsonStreams.text(p));
          break;
        case "ruleIndex":
          r.ruleIndex = JsonStreams.integer(p, -1);
          break;
        case "rule":
          if (t == JsonToken.START_OBJECT) {
            ruleReference(p, ctx, r);
          } else {
            p.skipChildren();
          }
          break;
        case "level":
          r.level = ctx.intern(JsonStreams.text(p));
          break;
        case "kind":
          r.kind = ctx.intern(JsonStreams.text(p));
          break;
        case "message":
          r.message = nestedText(p, t, ctx, "text");
          break;
        case "locations":
          if (t == JsonToken.START_ARRAY) {
            firstLocation(p, ctx, r);
          } else {
            p.skipChildren();
          }
          break;
        case "partialFingerprints":
          if (t == JsonToken.START_OBJECT) {
            r.fingerprint = textField(p, ctx, BUILDGATE_FINGERPRINT);
          } else {
            p.skipChildren();
          }
          break;
        case "suppressions":
          if (t == JsonToken.START_ARRAY) {
            while (Json.next(p, ctx.tool()) != JsonToken.END_ARRAY) {
              p.skipChildren();
              r.suppressed = true;
            }
          } else {
            p.skipChildren();
          }
          break;
        case "properties":
          if (t == JsonToken.START_OBJECT) {
            properties(p, ctx, r);
          } else {
            p.skipChildren();
          }
          break;
        default:
          p.skipChildren();
      }
    }
    return r;
  }

  /** A result's {@code rule} object: its id and index, unless the result gave them. */
  private static void ruleReference(JsonParser p, ParseContext ctx, Pending r)
      throws IOException, OutputParseException {
    while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      Json.next(p, ctx.tool());
      if (f.equals("id") && r.ruleId == null) {
        r.ruleId = ctx.intern(JsonStreams.text(p));
      } else if (f.equals("index") && r.ruleIndex < 0) {
        r.ruleIndex = JsonStreams.integer(p, -1);
      } else {
        p.skipChildren();
      }
    }
  }

  /** A result's {@code locations}: the first one counts, the others are skipped. */
  private static void firstLocation(JsonParser p, ParseContext ctx, Pending r)
      throws IOException, OutputParseException {
    boolean first = true;
    while (Json.next(p, ctx.tool()) == JsonToken.START_OBJECT) {
      if (first) {
        location(p, ctx, r);
        first = false;
      } else {
        p.skipChildren();
      }
    }
  }

  private static void properties(JsonParser p, ParseContext ctx, Pending r)
      throws IOException, OutputParseException {
    while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = Json.next(p, ctx.tool());
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        p.skipChildren();
        continue;
      }
      String v = JsonStreams.text(p);
      if (v == null) {
        continue;
      }
      if (f.equals("severity")) {
        r.severityProperty = v;
      } else if (f.equals("security-severity")) {
        r.securitySeverity = v;
      } else {
        if (r.properties == null) {
          r.properties = new LinkedHashMap<>();
        }
        r.properties.put(ctx.intern(f), v);
      }
    }
  }

  private static void location(JsonParser p, ParseContext ctx, Pending r)
      throws IOException, OutputParseException {
    while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      JsonToken t = Json.next(p, ctx.tool());
      if (!f.equals("physicalLocation") || t != JsonToken.START_OBJECT) {
        p.skipChildren();
        continue;
      }
      while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
        String g = p.currentName();
        JsonToken gt = Json.next(p, ctx.tool());
        if (g.equals("artifactLocation") && gt == JsonToken.START_OBJECT) {
          while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
            String h = p.currentName();
            Json.next(p, ctx.tool());
            if (h.equals("uri")) {
              r.uri = JsonStreams.text(p);
            } else if (h.equals("uriBaseId")) {
              r.uriBaseId = JsonStreams.text(p);
            } else {
              p.skipChildren();
            }
          }
        } else if (g.equals("region") && gt == JsonToken.START_OBJECT) {
          while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
            String h = p.currentName();
            Json.next(p, ctx.tool());
            if (h.equals("startLine")) {
              r.line = Math.max(0, JsonStreams.integer(p, 0));
            } else if (h.equals("startColumn")) {
              r.column = Math.max(0, JsonStreams.integer(p, 0));
            } else {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    }
  }

  /** Reads an object (current token START_OBJECT) and returns the scalar {@code name} field. */
  /** {@code name}'s text inside the object at {@code t}; anything else is skipped (null). */
  private static String nestedText(JsonParser p, JsonToken t, ParseContext ctx, String name)
      throws IOException, OutputParseException {
    if (t != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    return textField(p, ctx, name);
  }

  private static String textField(JsonParser p, ParseContext ctx, String name)
      throws IOException, OutputParseException {
    String value = null;
    while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      Json.next(p, ctx.tool());
      if (f.equals(name)) {
        value = JsonStreams.text(p);
      } else {
        p.skipChildren();
      }
    }
    return value;
  }
}
