package dev.buildgate.quality.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.buildgate.core.finding.Finding;
import dev.buildgate.core.finding.Severity;
import dev.buildgate.core.gate.Echo;
import dev.buildgate.core.io.JsonStreams;
import java.io.BufferedReader;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses mypy output in either form, line by line:
 *
 * <ul>
 *   <li>{@code -O json} (mypy 1.11+): one JSON object per line with {@code file}, {@code line},
 *       {@code column} (0-based), {@code message}, {@code hint}, {@code code}, {@code severity};
 *   <li>the classic text form {@code file:line[:col]: error: message [code]} followed by {@code
 *       note:} lines.
 * </ul>
 *
 * Notes are attached to the error they follow (property {@code notes}) and are never findings of
 * their own; a note that follows no error (e.g. {@code reveal_type}) is counted in {@link
 * ParsedOutput#ignored()}. The summary lines ({@code Found N errors}, {@code Success: ...}) are
 * skipped. A line that is neither is an {@link OutputParseException}, so a crash trace is never
 * mistaken for a clean run.
 */
public final class MypyOutputParser implements OutputParser {

  /**
   * {@code file:line[:col][:endline:endcol]: severity: message[ [code]]}; at most 9 digits a
   * number, so each fits an {@code int} (a longer one makes the line unreadable, not a crash).
   */
  private static final Pattern TEXT =
      Pattern.compile(
          "^(?<file>.+?):(?<line>\\d{1,9})(?::(?<col>\\d{1,9}))?(?::\\d{1,9}:\\d{1,9})?:"
              + " (?<sev>error|warning|note): (?<msg>.*?)(?:  \\[(?<code>[A-Za-z0-9_-]+)\\])?$");

  /** {@code file: error: message} (no line, e.g. duplicate module errors). */
  private static final Pattern TEXT_NO_LINE =
      Pattern.compile(
          "^(?<file>[^:]+): (?<sev>error|warning|note): (?<msg>.*?)(?:  \\[(?<code>[A-Za-z0-9_-]+)\\])?$");

  private static final Pattern SUMMARY =
      Pattern.compile(
          "^(Found \\d+ errors? in \\d+ files?.*|Success: no issues found.*|"
              + "mypy: can't read file .*|\\s*)$");

  /** A clean mypy run may print nothing: an empty report is no findings (missing is an error). */
  @Override
  public ParsedOutput parse(java.nio.file.Path file, ParseContext ctx)
      throws IOException, OutputParseException {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new OutputParseException(ctx.tool() + " wrote no report (" + file + " is missing)");
    }
    try (InputStream in = java.nio.file.Files.newInputStream(file)) {
      return parse(in, ctx);
    }
  }

  @Override
  public ParsedOutput parse(InputStream in, ParseContext ctx)
      throws IOException, OutputParseException {
    List<Finding.Builder> builders = new ArrayList<>();
    List<StringBuilder> notes = new ArrayList<>();
    int ignored = 0;
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    int lineNo = 0;
    Entry last = null;
    while ((line = r.readLine()) != null) {
      lineNo++;
      Entry e;
      if (line.startsWith("{")) {
        e = json(line, lineNo, ctx);
      } else if (SUMMARY.matcher(line).matches()) {
        continue;
      } else {
        e = text(line);
        if (e == null) {
          throw new OutputParseException(
              ctx.tool()
                  + " output line "
                  + lineNo
                  + " is neither a diagnostic nor a summary: "
                  + Echo.of(line, 200));
        }
      }
      if (e.note) {
        boolean sameLocation =
            last != null && last.line == e.line && Objects.equals(last.file, e.file);
        if (builders.isEmpty() || e.standalone || !sameLocation) {
          ignored++;
        } else {
          StringBuilder sb = notes.get(notes.size() - 1);
          if (sb.length() > 0) {
            sb.append('\n');
          }
          sb.append(e.message);
        }
        continue;
      }
      Finding.Builder b =
          Finding.builder(ctx.tool(), ctx.intern(e.code == null ? "error" : e.code))
              .severity(e.severity)
              .file(ctx.file(e.file))
              .line(e.line)
              .column(e.column)
              .message(e.message)
              .helpUri(
                  e.code == null
                      ? null
                      : ctx.intern(
                          "https://mypy.readthedocs.io/en/stable/_refs.html#code-" + e.code));
      StringBuilder sb = new StringBuilder();
      if (e.hint != null && !e.hint.isBlank()) {
        sb.append(e.hint);
      }
      builders.add(b);
      notes.add(sb);
      last = e;
    }
    List<Finding> findings = new ArrayList<>(builders.size());
    for (int i = 0; i < builders.size(); i++) {
      Finding.Builder b = builders.get(i);
      if (notes.get(i).length() > 0) {
        b.property("notes", notes.get(i).toString());
      }
      findings.add(b.build());
    }
    return new ParsedOutput(findings, List.of(), List.of(), ignored, null);
  }

  private static final class Entry {
    String file;
    int line;
    int column;
    String message;
    String hint;
    String code;
    Severity severity;
    boolean note;
    boolean standalone;
  }

  private static Entry json(String text, int lineNo, ParseContext ctx)
      throws IOException, OutputParseException {
    Entry e = new Entry();
    String severity = null;
    try (JsonParser p = Json.FACTORY.createParser(text)) {
      Json.expect(p, JsonToken.START_OBJECT, ctx.tool(), "a JSON object on line " + lineNo);
      while (Json.next(p, ctx.tool()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        Json.next(p, ctx.tool());
        switch (field) {
          case "file":
            e.file = JsonStreams.text(p);
            break;
          case "line":
            e.line = Math.max(0, JsonStreams.integer(p, 0));
            break;
          case "column":
            // mypy's JSON columns are 0-based; findings use 1-based columns
            int c = JsonStreams.integer(p, -1);
            e.column = c < 0 ? 0 : c + 1;
            break;
          case "message":
            e.message = JsonStreams.text(p);
            break;
          case "hint":
            e.hint = JsonStreams.text(p);
            break;
          case "code":
            e.code = JsonStreams.text(p);
            break;
          case "severity":
            severity = JsonStreams.text(p);
            break;
          default:
            p.skipChildren();
        }
      }
    } catch (JsonProcessingException x) {
      throw Json.invalid(ctx.tool(), x);
    } catch (CharConversionException x) {
      throw Json.invalid(ctx.tool(), x);
    }
    if (e.message == null) {
      throw new OutputParseException(
          ctx.tool()
              + " JSON output line "
              + lineNo
              + " has no \"message\": "
              + Echo.of(text, 200));
    }
    if ("note".equalsIgnoreCase(severity)) {
      // JSON mode attaches follow-up notes as "hint"; a note record of its own stands alone
      e.note = true;
      e.standalone = true;
    } else {
      e.severity = severityOf(severity);
    }
    return e;
  }

  private static Entry text(String line) {
    Matcher m = TEXT.matcher(line);
    boolean withLine = m.matches();
    if (!withLine) {
      m = TEXT_NO_LINE.matcher(line);
      if (!m.matches()) {
        return null;
      }
    }
    Entry e = new Entry();
    e.file = m.group("file");
    if (withLine) {
      e.line = Integer.parseInt(m.group("line"));
      String col = m.group("col");
      e.column = col == null ? 0 : Integer.parseInt(col);
    }
    e.message = m.group("msg");
    e.code = m.group("code");
    String sev = m.group("sev");
    if (sev.equals("note")) {
      e.note = true;
    } else {
      e.severity = severityOf(sev);
    }
    return e;
  }

  private static Severity severityOf(String s) {
    if (s == null) {
      return Severity.HIGH;
    }
    return "warning".equalsIgnoreCase(s) ? Severity.MEDIUM : Severity.HIGH;
  }
}
