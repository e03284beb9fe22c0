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
import java.util.Locale;

/**
 * Parses {@code bandit -f json}: {@code results[]} become findings (rule {@code test_id}, severity
 * {@code issue_severity}, properties {@code confidence}, {@code cwe} and {@code testName}); {@code
 * errors[]} (files Bandit could not scan) become {@link ParsedOutput#toolErrors()}; {@code metrics}
 * is skipped without being held in memory.
 */
public final class BanditJsonParser implements OutputParser {

  /** Finding property holding Bandit's confidence ({@code LOW}, {@code MEDIUM}, {@code HIGH}). */
  public static final String CONFIDENCE = "confidence";

  @Override
  public ParsedOutput parse(InputStream in, ParseContext ctx)
      throws IOException, OutputParseException {
    List<Finding> findings = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    boolean sawResults = false;
    try (JsonParser p = Json.open(in)) {
      Json.expect(p, JsonToken.START_OBJECT, ctx.tool(), "a JSON object with \"results\"");
      while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = Json.next(p, ctx.tool());
        if (field.equals("results") && t == JsonToken.START_ARRAY) {
          sawResults = true;
          while (Json.next(p, ctx.tool()) == JsonToken.START_OBJECT) {
            findings.add(result(p, ctx));
          }
        } else if (field.equals("errors") && t == JsonToken.START_ARRAY) {
          while (Json.next(p, ctx.tool()) == JsonToken.START_OBJECT) {
            errors.add(error(p, ctx));
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
    if (!sawResults) {
      throw new OutputParseException(ctx.tool() + " JSON output has no \"results\" array");
    }
    return new ParsedOutput(findings, List.of(), errors, 0, null);
  }

  private static Finding result(JsonParser p, ParseContext ctx)
      throws IOException, OutputParseException {
    String testId = null;
    String testName = null;
    String file = null;
    String text = null;
    String severity = null;
    String confidence = null;
    String moreInfo = null;
    String cwe = null;
    int line = 0;
    int column = 0;
    while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      Json.next(p, ctx.tool());
      switch (field) {
        case "test_id":
          testId = JsonStreams.text(p);
          break;
        case "test_name":
          testName = JsonStreams.text(p);
          break;
        case "filename":
          file = JsonStreams.text(p);
          break;
        case "issue_text":
          text = JsonStreams.text(p);
          break;
        case "issue_severity":
          severity = JsonStreams.text(p);
          break;
        case "issue_confidence":
          confidence = JsonStreams.text(p);
          break;
        case "more_info":
          moreInfo = JsonStreams.text(p);
          break;
        case "line_number":
          line = Math.max(0, JsonStreams.integer(p, 0));
          break;
        case "col_offset":
          int c = JsonStreams.integer(p, -1);
          column = c < 0 ? 0 : c + 1;
          break;
        case "issue_cwe":
          if (p.currentToken() == JsonToken.START_OBJECT) {
            while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
              String f = p.currentName();
              Json.next(p, ctx.tool());
              if (f.equals("id")) {
                String id = JsonStreams.text(p);
                cwe = id == null ? null : "CWE-" + id;
              } else {
                p.skipChildren();
              }
            }
          }
          break;
        default:
          p.skipChildren();
      }
    }
    if (testId == null || testId.isBlank()) {
      throw new OutputParseException(
          ctx.tool() + " result for " + file + ":" + line + " has no \"test_id\"");
    }
    return Finding.builder(ctx.tool(), ctx.intern(testId))
        .severity(level(severity))
        .file(ctx.file(file))
        .line(line)
        .column(column)
        .message(text)
        .helpUri(ctx.intern(moreInfo))
        .property(CONFIDENCE, ctx.intern(level(confidence).name()))
        .property("cwe", ctx.intern(cwe))
        .property("testName", ctx.intern(testName))
        .build();
  }

  private static String error(JsonParser p, ParseContext ctx)
      throws IOException, OutputParseException {
    String file = null;
    String reason = null;
    while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      Json.next(p, ctx.tool());
      if (field.equals("filename")) {
        file = JsonStreams.text(p);
      } else if (field.equals("reason")) {
        reason = JsonStreams.text(p);
      } else {
        p.skipChildren();
      }
    }
    String f = ctx.file(file);
    return (f == null ? "?" : f) + ": " + (reason == null ? "unknown error" : reason);
  }

  /** Bandit's LOW/MEDIUM/HIGH; UNDEFINED or anything unknown is LOW (still reported). */
  static Severity level(String s) {
    if (s == null) {
      return Severity.LOW;
    }
    switch (s.trim().toUpperCase(Locale.ROOT)) {
      case "HIGH":
        return Severity.HIGH;
      case "MEDIUM":
        return Severity.MEDIUM;
      default:
        return Severity.LOW;
    }
  }
}
