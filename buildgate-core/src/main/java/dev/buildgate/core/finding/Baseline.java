package dev.buildgate.core.finding;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.buildgate.core.io.AtomicFiles;
import dev.buildgate.core.io.InputLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Findings already accepted, matched by {@link Finding#fingerprint() fingerprint} so that findings
 * whose code moved to other lines stay accepted.
 *
 * <p>Matching counts multiplicity: a baseline holding one entry for a fingerprint accepts one
 * finding with that fingerprint; a second identical finding is new.
 *
 * <p>File format (written sorted, so it diffs well in version control):
 *
 * <pre>{@code
 * {"format": "buildgate-baseline", "version": 1,
 *  "findings": [{"fingerprint": "<sha-256>", "tool": "ruff", "ruleId": "F401",
 *                "file": "app/x.py", "message": "..."}]}
 * }</pre>
 *
 * Only {@code fingerprint} is used for matching; the other fields are for humans reviewing the
 * file.
 */
public final class Baseline {

  /** Value of the {@code format} field. */
  public static final String FORMAT = "buildgate-baseline";

  private static final JsonFactory FACTORY = InputLimits.jsonFactory();

  private static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::fingerprint)
          .thenComparing(Finding::tool)
          .thenComparing(Finding::ruleId)
          .thenComparing(Finding::file, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
          .thenComparing(Finding::message);

  private final Map<String, Integer> counts;

  private Baseline(Map<String, Integer> counts) {
    this.counts = Collections.unmodifiableMap(counts);
  }

  /** A baseline that accepts nothing. */
  public static Baseline empty() {
    return new Baseline(Map.of());
  }

  /** A baseline accepting exactly {@code findings} (with multiplicity). */
  public static Baseline of(List<Finding> findings) {
    Map<String, Integer> counts = new HashMap<>();
    for (Finding f : findings) {
      counts.merge(f.fingerprint(), 1, Integer::sum);
    }
    return new Baseline(counts);
  }

  /**
   * Loads a baseline file. A missing file is an empty baseline.
   *
   * @throws IllegalArgumentException when the file is not a valid baseline (the message names the
   *     file and how to fix it)
   * @throws UncheckedIOException when the file exists but cannot be read
   */
  public static Baseline load(Path file) {
    Objects.requireNonNull(file, "file");
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return empty();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read baseline file " + file + ": " + e, e);
    }
    Map<String, Integer> counts = new HashMap<>();
    try (JsonParser p = FACTORY.createParser(bytes)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        return empty();
      }
      if (t == JsonToken.START_OBJECT) {
        boolean found = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if ("findings".equals(name)) {
            if (value != JsonToken.START_ARRAY) {
              throw corrupt(file, "\"findings\" is not an array");
            }
            readEntries(p, counts, file);
            found = true;
          } else {
            p.skipChildren();
          }
        }
        if (!found) {
          throw corrupt(file, "has no \"findings\" array");
        }
      } else if (t == JsonToken.START_ARRAY) {
        readEntries(p, counts, file);
      } else {
        throw corrupt(file, "is neither an object with a \"findings\" array nor an array");
      }
      if (p.nextToken() != null) {
        throw corrupt(file, "has content after the end of the JSON document");
      }
    } catch (JsonProcessingException e) {
      throw corrupt(
          file,
          "is not valid JSON (line "
              + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
              + ": "
              + e.getOriginalMessage()
              + ")");
    } catch (IOException e) {
      throw corrupt(file, "could not be parsed: " + e.getMessage());
    }
    return new Baseline(counts);
  }

  private static void readEntries(JsonParser p, Map<String, Integer> counts, Path file)
      throws IOException {
    int i = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), i++) {
      String fingerprint = null;
      if (t == JsonToken.VALUE_STRING) {
        fingerprint = p.getText();
      } else if (t == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if ("fingerprint".equals(name) && value == JsonToken.VALUE_STRING) {
            fingerprint = p.getText();
          } else {
            p.skipChildren();
          }
        }
      } else if (t == null) {
        throw corrupt(file, "ends inside the \"findings\" array");
      } else {
        p.skipChildren();
      }
      if (fingerprint == null || fingerprint.isBlank()) {
        throw corrupt(file, "entry " + i + " has no \"fingerprint\" string");
      }
      counts.merge(fingerprint.trim(), 1, Integer::sum);
    }
  }

  /**
   * Writes {@code findings} as a baseline file: sorted by fingerprint (then tool, rule, file,
   * message), pretty printed, LF line endings, so the same findings always give the same bytes.
   * Parent directories are created; the file is replaced atomically where the file system allows.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void write(Path file, List<Finding> findings) {
    List<Finding> sorted = new ArrayList<>(findings);
    sorted.sort(ORDER);
    try {
      AtomicFiles.write(
          file,
          os -> {
            try (JsonGenerator g = FACTORY.createGenerator(os, JsonEncoding.UTF8)) {
              g.setPrettyPrinter(new LfPrettyPrinter());
              g.writeStartObject();
              g.writeStringField("format", FORMAT);
              g.writeNumberField("version", 1);
              g.writeArrayFieldStart("findings");
              for (Finding f : sorted) {
                g.writeStartObject();
                g.writeStringField("fingerprint", f.fingerprint());
                g.writeStringField("tool", f.tool());
                g.writeStringField("ruleId", f.ruleId());
                g.writeStringField("file", f.file());
                g.writeStringField("message", f.message());
                g.writeEndObject();
              }
              g.writeEndArray();
              g.writeEndObject();
              g.writeRaw('\n');
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write baseline file " + file + ": " + e, e);
    }
  }

  /** True when the baseline holds at least one entry with this finding's fingerprint. */
  public boolean accepts(Finding finding) {
    return counts.containsKey(finding.fingerprint());
  }

  /**
   * The findings not covered by the baseline, in their original order. Each baseline entry covers
   * one finding: of two identical findings with one baseline entry, the second is new.
   */
  public List<Finding> newFindings(List<Finding> findings) {
    Map<String, Integer> remaining = new HashMap<>(counts);
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) {
      Integer n = remaining.get(f.fingerprint());
      if (n != null && n > 0) {
        remaining.put(f.fingerprint(), n - 1);
      } else {
        out.add(f);
      }
    }
    return out;
  }

  /** Number of entries (with multiplicity). */
  public int size() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  public boolean isEmpty() {
    return counts.isEmpty();
  }

  /** Fingerprint to number of entries, sorted by fingerprint. */
  public Map<String, Integer> fingerprints() {
    return Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  private static IllegalArgumentException corrupt(Path file, String problem) {
    return new IllegalArgumentException(
        "Baseline file "
            + file
            + " "
            + problem
            + ": fix the JSON or delete the file and write a new baseline");
  }

  /** Jackson's default pretty printer, but with LF line endings on every platform. */
  private static final class LfPrettyPrinter
      extends com.fasterxml.jackson.core.util.DefaultPrettyPrinter {
    private static final long serialVersionUID = 1L;

    LfPrettyPrinter() {
      indentArraysWith(
          com.fasterxml.jackson.core.util.DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed(
              "\n"));
      indentObjectsWith(
          com.fasterxml.jackson.core.util.DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed(
              "\n"));
    }

    private LfPrettyPrinter(LfPrettyPrinter base) {
      super(base);
    }

    @Override
    public LfPrettyPrinter createInstance() {
      return new LfPrettyPrinter(this);
    }
  }
}
