package dev.buildgate.docker;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * For the engine (classic) builder, which has no named build contexts: rewrites {@code FROM <name>}
 * and {@code COPY --from=<name>} where {@code <name>} is a named context to the resolved image
 * reference. Stage names defined earlier in the file win over contexts, as in BuildKit.
 */
public final class DockerfileRewriter {

  private static final Pattern FROM =
      Pattern.compile("^(\\s*FROM\\s+)((?:--\\S+\\s+)*)(\\S+)(.*)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern AS =
      Pattern.compile("^\\s+AS\\s+(\\S+)\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern COPY_FROM =
      Pattern.compile(
          "^(\\s*COPY\\s+(?:--\\S+\\s+)*?--from=)(\\S+)(.*)$", Pattern.CASE_INSENSITIVE);

  private DockerfileRewriter() {}

  /**
   * Rewrites a Dockerfile.
   *
   * @param dockerfile the text
   * @param images context name to image reference
   * @return the rewritten text
   */
  public static String rewrite(String dockerfile, Map<String, String> images) {
    Set<String> stages = new HashSet<>();
    StringBuilder out = new StringBuilder();
    String[] lines = dockerfile.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      Matcher f = FROM.matcher(line);
      Matcher c = COPY_FROM.matcher(line);
      if (f.matches()) {
        String image = f.group(3);
        String rest = f.group(4);
        String replaced = image;
        if (images.containsKey(image) && !stages.contains(image.toLowerCase(Locale.ROOT))) {
          replaced = images.get(image);
        }
        Matcher as = AS.matcher(rest);
        if (as.matches()) {
          stages.add(as.group(1).toLowerCase(Locale.ROOT));
        }
        line = f.group(1) + f.group(2) + replaced + rest;
      } else if (c.matches()) {
        String from = c.group(2);
        if (images.containsKey(from) && !stages.contains(from.toLowerCase(Locale.ROOT))) {
          line = c.group(1) + images.get(from) + c.group(3);
        }
      }
      out.append(line);
      if (i < lines.length - 1) {
        out.append('\n');
      }
    }
    return out.toString();
  }
}
