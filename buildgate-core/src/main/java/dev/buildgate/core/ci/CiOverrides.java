package dev.buildgate.core.ci;

import static dev.buildgate.core.ci.CiDetector.BASE_BRANCH;
import static dev.buildgate.core.ci.CiDetector.BRANCH;
import static dev.buildgate.core.ci.CiDetector.DEFAULT_BRANCH;
import static dev.buildgate.core.ci.CiDetector.EVENT;
import static dev.buildgate.core.ci.CiDetector.KEYS;
import static dev.buildgate.core.ci.CiDetector.OWNER;
import static dev.buildgate.core.ci.CiDetector.PREFIX;
import static dev.buildgate.core.ci.CiDetector.PULL_REQUEST;
import static dev.buildgate.core.ci.CiDetector.REPOSITORY;
import static dev.buildgate.core.ci.CiDetector.RUN_ID;
import static dev.buildgate.core.ci.CiDetector.SHA;
import static dev.buildgate.core.ci.CiDetector.TAG;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code buildgate.ci.*} overrides: checked (unknown keys and invalid values are one-line
 * {@link IllegalArgumentException}s naming the property and the fix) and applied over what the
 * provider detected.
 */
final class CiOverrides {

  private CiOverrides() {}

  /** The {@code buildgate.ci.*} entries with a value; rejects unknown keys under the prefix. */
  static Map<String, String> normalize(Map<String, String> overrides) {
    Map<String, String> out = new LinkedHashMap<>();
    if (overrides == null) {
      return out;
    }
    for (Map.Entry<String, String> entry : overrides.entrySet()) {
      String key = entry.getKey();
      if (key == null || !key.startsWith(PREFIX)) {
        continue;
      }
      if (!KEYS.contains(key)) {
        String suggestion =
            KEYS.stream().filter(k -> k.equalsIgnoreCase(key)).findFirst().orElse(null);
        throw new IllegalArgumentException(
            "Unknown property "
                + key
                + (suggestion != null
                    ? ": did you mean " + suggestion + "?"
                    : ": use one of " + String.join(", ", KEYS)));
      }
      String value = CiContext.blankToNull(entry.getValue());
      if (value != null) {
        out.put(key, value);
      }
    }
    return out;
  }

  /** Applies normalized overrides to the detected fields. */
  static void apply(Map<String, String> o, CiFields f) {
    applyEvent(o, f);
    if (o.containsKey(BRANCH)) {
      f.branch = o.get(BRANCH);
    }
    if (o.containsKey(BASE_BRANCH)) {
      f.baseBranch = o.get(BASE_BRANCH);
    }
    if (o.containsKey(DEFAULT_BRANCH)) {
      f.defaultBranch = o.get(DEFAULT_BRANCH);
    }
    if (o.containsKey(SHA)) {
      f.sha = sha(o.get(SHA));
    }
    if (o.containsKey(RUN_ID)) {
      f.runId = o.get(RUN_ID);
    }
    if (o.containsKey(REPOSITORY)) {
      f.repository = o.get(REPOSITORY);
      if (!o.containsKey(OWNER) && CiEnv.ownerOf(f.repository) != null) {
        f.owner = CiEnv.ownerOf(f.repository);
      }
    }
    if (o.containsKey(OWNER)) {
      f.owner = o.get(OWNER);
    }
  }

  /** Event, pull request and tag: they depend on each other. */
  private static void applyEvent(Map<String, String> o, CiFields f) {
    CiEvent event = o.containsKey(EVENT) ? event(o.get(EVENT)) : null;
    Integer pr = o.containsKey(PULL_REQUEST) ? pullRequest(o.get(PULL_REQUEST)) : null;
    if (pr != null) {
      f.pullRequest = pr;
    }
    if (o.containsKey(TAG)) {
      f.tag = o.get(TAG);
    }
    if (event != null) {
      f.event = event;
      if (event != CiEvent.PULL_REQUEST && pr == null) {
        f.pullRequest = null;
      }
      requireEventDetails(event, f);
    } else if (pr != null) {
      f.event = CiEvent.PULL_REQUEST;
    } else if (o.containsKey(TAG) && f.event != CiEvent.PULL_REQUEST) {
      f.event = CiEvent.TAG;
    }
  }

  private static void requireEventDetails(CiEvent event, CiFields f) {
    if (event == CiEvent.PULL_REQUEST && f.pullRequest == null) {
      throw new IllegalArgumentException(
          EVENT
              + "=pull_request needs the pull request number: set "
              + PULL_REQUEST
              + " as well, e.g. -D"
              + PULL_REQUEST
              + "=42");
    }
    if (event == CiEvent.TAG && f.tag == null) {
      throw new IllegalArgumentException(
          EVENT + "=tag needs the tag name: set " + TAG + " as well, e.g. -D" + TAG + "=v1.2.3");
    }
  }

  private static CiEvent event(String value) {
    try {
      return CiEvent.parse(value);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException(
          "Invalid "
              + EVENT
              + "='"
              + value
              + "': use one of push, pull_request, tag, manual, schedule, local");
    }
  }

  private static int pullRequest(String value) {
    Integer pr = CiEnv.parsePositive(value.replaceFirst("^#", ""));
    if (pr == null) {
      throw new IllegalArgumentException(
          "Invalid "
              + PULL_REQUEST
              + "='"
              + value
              + "': use the pull request number, e.g. -D"
              + PULL_REQUEST
              + "=42");
    }
    return pr;
  }

  private static String sha(String sha) {
    if (!CiEnv.HEX_SHA.matcher(sha).matches()) {
      throw new IllegalArgumentException(
          "Invalid "
              + SHA
              + "='"
              + sha
              + "': use a hexadecimal commit id of 7 to 64 characters, e.g. the output of"
              + " 'git rev-parse HEAD'");
    }
    return sha.toLowerCase(Locale.ROOT);
  }
}
