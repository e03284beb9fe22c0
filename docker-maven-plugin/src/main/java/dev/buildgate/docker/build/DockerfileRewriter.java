package dev.buildgate.docker.build;

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

  /**
   * The label the engine build puts on every stage of a multi-stage Dockerfile but the last, with
   * the image's name as value. The classic builder gives the build's labels to the final image
   * only: the image of an earlier stage would stay behind untagged and unlabelled, out of reach of
   * a cleanup that prunes by label ({@code docker image prune --filter label=dev.buildgate.stage}).
   * The value never changes between builds, so the label does not defeat the layer cache.
   */
  public static final String STAGE_LABEL = "dev.buildgate.stage";

  private DockerfileRewriter() {}

  /**
   * Adds {@code LABEL dev.buildgate.stage="<image>"} after the {@code FROM} of every stage but the
   * last ({@link #STAGE_LABEL}).
   *
   * @param dockerfile the text
   * @param image the image's name ({@code [a-z0-9._/-]}, so it needs no escaping)
   * @return the text with the labels
   */
  public static String labelStages(String dockerfile, String image) {
    String[] lines = dockerfile.split("\n", -1);
    int last = -1;
    for (int i = 0; i < lines.length; i++) {
      if (FROM.matcher(lines[i]).matches()) {
        last = i;
      }
    }
    StringBuilder out = new StringBuilder();
    boolean pending = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      out.append(line);
      if (i < lines.length - 1) {
        out.append('\n');
      }
      if (i < last && FROM.matcher(line).matches()) {
        pending = true;
      }
      if (pending && !line.stripTrailing().endsWith("\\")) {
        out.append("LABEL ").append(STAGE_LABEL).append("=\"").append(image).append("\"\n");
        pending = false;
      }
    }
    return out.toString();
  }

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
