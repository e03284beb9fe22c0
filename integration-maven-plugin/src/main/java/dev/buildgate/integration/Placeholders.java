package dev.buildgate.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves {@code ${integration.*}} placeholders that Maven could not resolve when the mojo was
 * configured (the properties only exist once {@code up} ran), and {@code {runId}}-style tokens.
 */
public final class Placeholders {
  private static final Pattern REF = Pattern.compile("\\$\\{(integration\\.[^}]+)}");

  private Placeholders() {}

  /** Replaces known {@code ${integration.x}}; unknown ones are left for {@link #unresolved}. */
  public static String resolve(String text, Map<String, String> props) {
    if (text == null || !text.contains("${integration.")) {
      return text;
    }
    Matcher m = REF.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String v = props.get(m.group(1));
      m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The placeholders left in a text. */
  public static List<String> unresolved(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    Matcher m = REF.matcher(text);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** Replaces {@code {name}} tokens (e.g. {@code {runId}}, {@code {worker}}). */
  public static String tokens(String text, Map<String, String> values) {
    String out = text;
    for (Map.Entry<String, String> e : values.entrySet()) {
      out = out.replace("{" + e.getKey() + "}", e.getValue());
    }
    return out;
  }
}
