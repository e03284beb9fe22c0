package dev.buildgate.core.finding;

import dev.buildgate.core.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A JUnit XML file for one gate, the format GitLab ({@code artifacts:reports:junit}), Jenkins
 * ({@code junit}) and Azure Pipelines read: one {@code testsuite} holding one {@code testcase}; a
 * failed gate has a {@code failure} with its one-line message and the details as text, a skipped
 * one a {@code skipped}. Written atomically (JDK classes only: the pipeline summary writes it).
 */
public final class JUnitReport {

  /** How a gate ended. */
  public enum Outcome {
    PASSED,
    FAILED,
    SKIPPED
  }

  private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

  private JUnitReport() {}

  /**
   * Writes the file, creating parent directories.
   *
   * @param suite the suite (and class) name, e.g. {@code buildgate.quality}
   * @param name the test case name, e.g. the gate's title
   * @param outcome the gate's outcome
   * @param message one line: the failure message, the skip reason or the pass summary
   * @param details more text (failure text or {@code system-out}); may be empty
   * @param seconds the gate's duration, or negative when unknown
   * @throws UncheckedIOException when it cannot be written
   */
  public static void write(
      Path out,
      String suite,
      String name,
      Outcome outcome,
      String message,
      String details,
      double seconds) {
    try {
      AtomicFiles.write(
          out,
          os -> write(os, suite, name, outcome, message, details == null ? "" : details, seconds));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write JUnit report " + out + ": " + e, e);
    }
  }

  private static void write(
      OutputStream os,
      String suite,
      String name,
      Outcome outcome,
      String message,
      String details,
      double seconds)
      throws IOException {
    try {
      XMLStreamWriter w = XML.createXMLStreamWriter(os, StandardCharsets.UTF_8.name());
      w.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
      w.writeCharacters("\n");
      w.writeStartElement("testsuite");
      w.writeAttribute("name", clean(suite));
      w.writeAttribute("tests", "1");
      w.writeAttribute("failures", outcome == Outcome.FAILED ? "1" : "0");
      w.writeAttribute("errors", "0");
      w.writeAttribute("skipped", outcome == Outcome.SKIPPED ? "1" : "0");
      if (seconds >= 0) {
        w.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
      }
      w.writeCharacters("\n  ");
      w.writeStartElement("testcase");
      w.writeAttribute("classname", clean(suite));
      w.writeAttribute("name", clean(name));
      if (seconds >= 0) {
        w.writeAttribute("time", String.format(Locale.ROOT, "%.3f", seconds));
      }
      String oneLine = clean(message).replaceAll("\\s*\\n\\s*", " ").strip();
      if (outcome == Outcome.FAILED) {
        w.writeCharacters("\n    ");
        w.writeStartElement("failure");
        w.writeAttribute("message", oneLine);
        w.writeAttribute("type", "GateFailed");
        w.writeCharacters(clean(details.isBlank() ? message : details));
        w.writeEndElement();
      } else if (outcome == Outcome.SKIPPED) {
        w.writeCharacters("\n    ");
        w.writeStartElement("skipped");
        w.writeAttribute("message", oneLine);
        w.writeEndElement();
      }
      if (outcome != Outcome.FAILED && !details.isBlank()) {
        w.writeCharacters("\n    ");
        w.writeStartElement("system-out");
        w.writeCharacters(clean(details));
        w.writeEndElement();
      }
      w.writeCharacters("\n  ");
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndElement();
      w.writeCharacters("\n");
      w.writeEndDocument();
      w.flush();
      w.close();
    } catch (XMLStreamException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Drops what XML 1.0 cannot hold (control characters such as terminal colour codes). */
  static String clean(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length());
    s.codePoints()
        .filter(
            c ->
                c == '\t'
                    || c == '\n'
                    || c == '\r'
                    || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || c >= 0x10000)
        .forEach(sb::appendCodePoint);
    return sb.toString();
  }
}
