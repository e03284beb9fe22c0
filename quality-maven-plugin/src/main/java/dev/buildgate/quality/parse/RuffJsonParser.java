package dev.buildgate.quality.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Severity;
import dev.buildgate.core.io.JsonStreams;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code ruff check --output-format json}: a JSON array of diagnostics with {@code code},
 * {@code message}, {@code filename}, {@code location.row/column}, {@code url}, {@code severity} and
 * {@code fix} (whose {@code applicability} says whether an automatic fix exists).
 *
 * <p>Each finding keeps the rule code and documentation URL; properties {@code ruleName} and {@code
 * fix} ({@code safe}, {@code unsafe}, {@code display-only} or {@code none}) are added.
 */
public final class RuffJsonParser implements OutputParser {

  @Override
  public ParsedOutput parse(InputStream in, ParseContext ctx)
      throws IOException, OutputParseException {
    List<Finding> findings = new ArrayList<>();
    try (JsonParser p = Json.open(in)) {
      Json.expect(p, JsonToken.START_ARRAY, ctx.tool(), "a JSON array of diagnostics");
      while (true) {
        JsonToken t = Json.next(p, ctx.tool());
        if (t == JsonToken.END_ARRAY) {
          break;
        }
        if (t != JsonToken.START_OBJECT) {
          throw Json.unexpected(
              p, ctx.tool(), "a diagnostic object (found " + Json.describe(t) + ")");
        }
        findings.add(diagnostic(p, ctx));
      }
      Json.expectEnd(p, ctx.tool());
    } catch (JsonProcessingException e) {
      throw Json.invalid(ctx.tool(), e);
    } catch (CharConversionException e) {
      throw Json.invalid(ctx.tool(), e);
    }
    return ParsedOutput.of(findings);
  }

  private static Finding diagnostic(JsonParser p, ParseContext ctx)
      throws IOException, OutputParseException {
    String code = null;
    String name = null;
    String message = null;
    String file = null;
    String url = null;
    String severity = null;
    String fix = "none";
    int row = 0;
    int column = 0;
    while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      Json.next(p, ctx.tool());
      switch (field) {
        case "code":
          code = JsonStreams.text(p);
          break;
        case "name":
          name = JsonStreams.text(p);
          break;
        case "message":
          message = JsonStreams.text(p);
          break;
        case "filename":
          file = JsonStreams.text(p);
          break;
        case "url":
          url = JsonStreams.text(p);
          break;
        case "severity":
          severity = JsonStreams.text(p);
          break;
        case "location":
          if (p.currentToken() == JsonToken.START_OBJECT) {
            int[] at = location(p, ctx);
            row = at[0];
            column = at[1];
          }
          break;
        case "fix":
          if (p.currentToken() == JsonToken.START_OBJECT) {
            fix = fix(p, ctx);
          }
          break;
        default:
          p.skipChildren();
      }
    }
    if (code == null || code.isBlank()) {
      // ruff reports syntax errors with code null in some versions
      code = name != null ? name : "invalid-syntax";
    }
    Severity sev = Severity.HIGH;
    if (severity != null && !severity.isBlank()) {
      try {
        sev = Severity.parse(severity);
      } catch (IllegalArgumentException e) {
        sev = Severity.HIGH;
      }
    }
    return Finding.builder(ctx.tool(), ctx.intern(code))
        .severity(sev)
        .file(ctx.file(file))
        .line(Math.max(0, row))
        .column(Math.max(0, column))
        .message(message)
        .helpUri(ctx.intern(url))
        .property("ruleName", ctx.intern(name))
        .property("fix", ctx.intern(fix))
        .build();
  }

  /** A diagnostic's {@code location}: row and column (0 when absent). */
  private static int[] location(JsonParser p, ParseContext ctx)
      throws IOException, OutputParseException {
    int row = 0;
    int column = 0;
    while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      Json.next(p, ctx.tool());
      if (f.equals("row")) {
        row = JsonStreams.integer(p, 0);
      } else if (f.equals("column")) {
        column = JsonStreams.integer(p, 0);
      } else {
        p.skipChildren();
      }
    }
    return new int[] {row, column};
  }

  /** A diagnostic's {@code fix}: its applicability, else {@code available}. */
  private static String fix(JsonParser p, ParseContext ctx)
      throws IOException, OutputParseException {
    String fix = "available";
    while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
      String f = p.currentName();
      Json.next(p, ctx.tool());
      if (f.equals("applicability")) {
        String a = JsonStreams.text(p);
        if (a != null) {
          fix = a;
        }
      } else {
        p.skipChildren();
      }
    }
    return fix;
  }
}
