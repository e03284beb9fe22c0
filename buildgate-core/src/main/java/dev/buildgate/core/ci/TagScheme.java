package dev.buildgate.core.ci;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image tag scheme of the reference pipeline, derived from a {@link CiContext}:
 *
 * <ol>
 *   <li>{@code pr-<n>} for a pull request
 *   <li>the branch, sanitised to a valid Docker tag (not for pull requests)
 *   <li>{@code X.Y.Z} and {@code X.Y} for a tag {@code vX.Y.Z} (or {@code X.Y.Z}); a pre-release
 *       such as {@code v1.2.3-rc.1} gives only {@code 1.2.3-rc.1}; any other tag gives itself,
 *       sanitised
 *   <li>{@code sha-<7>} when the commit is known
 *   <li>{@code latest} only on the default branch (not for pull requests)
 * </ol>
 *
 * Duplicates are dropped; the order above is kept.
 */
public final class TagScheme {

  /** Maximum length of a Docker tag. */
  public static final int MAX_TAG_LENGTH = 128;

  private static final Pattern SEMVER =
      Pattern.compile(
          "[vV]?(?<major>0|[1-9]\\d*)\\.(?<minor>0|[1-9]\\d*)\\.(?<patch>0|[1-9]\\d*)"
              + "(?<pre>-[0-9A-Za-z.-]+)?(?<build>\\+[0-9A-Za-z.-]+)?");

  /** One path component of a repository name, as the OCI distribution spec allows it. */
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*");

  private TagScheme() {}

  /**
   * Every tag for the context, in the order described on the class.
   *
   * @throws IllegalArgumentException when the event is a pull request but its number is unknown
   */
  public static List<String> tags(CiContext ctx) {
    Set<String> tags = new LinkedHashSet<>();
    if (ctx.isPullRequest()) {
      tags.add("pr-" + ctx.pullRequest());
    } else if (ctx.event() == CiEvent.PULL_REQUEST) {
      throw missingPullRequestNumber();
    } else if (ctx.branch() != null) {
      addSanitized(tags, ctx.branch());
    }
    if (ctx.tag() != null) {
      tags.addAll(versionTags(ctx.tag()));
    }
    if (ctx.sha() != null) {
      tags.add("sha-" + ctx.shortSha().toLowerCase(Locale.ROOT));
    }
    if (ctx.onDefaultBranch()) {
      tags.add("latest");
    }
    return List.copyOf(tags);
  }

  /**
   * The tag of the base image that dependent images build on: {@code pr-<n>} for a pull request,
   * else {@code latest}.
   */
  public static String baseTag(CiContext ctx) {
    if (ctx.isPullRequest()) {
      return "pr-" + ctx.pullRequest();
    }
    if (ctx.event() == CiEvent.PULL_REQUEST) {
      throw missingPullRequestNumber();
    }
    return "latest";
  }

  /**
   * Tags for a git tag: {@code vX.Y.Z} gives {@code X.Y.Z} and {@code X.Y}; a pre-release or build
   * suffix gives only the full version (with {@code +} replaced, which Docker tags cannot hold);
   * anything else gives the sanitised tag itself.
   */
  public static List<String> versionTags(String gitTag) {
    String t = gitTag.trim();
    Matcher m = SEMVER.matcher(t);
    List<String> out = new ArrayList<>();
    if (m.matches()) {
      String core = m.group("major") + "." + m.group("minor") + "." + m.group("patch");
      if (m.group("pre") == null && m.group("build") == null) {
        out.add(core);
        out.add(m.group("major") + "." + m.group("minor"));
      } else {
        out.add(sanitize(t.substring(t.startsWith("v") || t.startsWith("V") ? 1 : 0)));
      }
    } else {
      Set<String> one = new LinkedHashSet<>();
      addSanitized(one, t);
      out.addAll(one);
    }
    return out;
  }

  /**
   * Turns a branch or tag name into a valid Docker tag: {@code '/'} and every character outside
   * {@code [A-Za-z0-9_.-]} become {@code '-'}, leading {@code '.'} and {@code '-'} are removed, and
   * the result is cut to 128 characters.
   *
   * @throws IllegalArgumentException when nothing usable remains (e.g. {@code "/"})
   */
  public static String sanitize(String name) {
    if (name == null) {
      throw new IllegalArgumentException("Cannot make a Docker tag from a null name");
    }
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '.'
              || c == '-';
      sb.append(ok ? c : '-');
    }
    int start = 0;
    while (start < sb.length() && (sb.charAt(start) == '.' || sb.charAt(start) == '-')) {
      start++;
    }
    String s = sb.substring(start);
    if (s.length() > MAX_TAG_LENGTH) {
      s = s.substring(0, MAX_TAG_LENGTH);
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException(
          "Cannot make a Docker tag from '"
              + name
              + "': it has no letters or digits; set buildgate.ci.branch or buildgate.ci.tag");
    }
    return s;
  }

  /**
   * The image name prefix: the non-blank parts joined with {@code '/'}, lower-cased (registries
   * reject upper-case repository names), surrounding slashes trimmed. E.g. {@code
   * imagePrefix("ghcr.io", "MyOrg", "Shop")} is {@code ghcr.io/myorg/shop}.
   */
  public static String imagePrefix(String registry, String owner, String project) {
    List<String> parts = new ArrayList<>(3);
    String[] all = {registry, owner, project};
    for (int i = 0; i < all.length; i++) {
      String part = all[i];
      if (part == null) {
        continue;
      }
      String p = part.trim();
      while (p.startsWith("/")) {
        p = p.substring(1);
      }
      while (p.endsWith("/")) {
        p = p.substring(0, p.length() - 1);
      }
      if (!p.isBlank()) {
        p = p.toLowerCase(Locale.ROOT);
        if (i > 0) {
          for (String component : p.split("/", -1)) {
            if (!PATH_COMPONENT.matcher(component).matches()) {
              throw new IllegalArgumentException(
                  "Invalid image name part '"
                      + component
                      + "' in '"
                      + p
                      + "': use lower-case letters and digits, separated by '.', '_', '__' or"
                      + " '-' (set buildgate.imagePrefix or buildgate.ci.owner)");
            }
          }
        }
        parts.add(p);
      }
    }
    return String.join("/", parts);
  }

  private static void addSanitized(Set<String> tags, String name) {
    try {
      tags.add(sanitize(name));
    } catch (IllegalArgumentException e) {
      // a name without any valid character yields no tag
    }
  }

  private static IllegalArgumentException missingPullRequestNumber() {
    return new IllegalArgumentException(
        "The build is a pull request but its number is unknown: set buildgate.ci.pullRequest");
  }
}
