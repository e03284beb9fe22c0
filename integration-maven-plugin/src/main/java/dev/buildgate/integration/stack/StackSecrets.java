package dev.buildgate.integration.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.buildgate.integration.compose.ComposeRenderer;
import dev.buildgate.integration.compose.ServiceOverride;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What of a stack is secret, and the one redaction of container inspect answers before they are
 * written under {@code target/} (the CLI path and the engine API path use the same function).
 *
 * <p>The overrides' {@code <environment>} values may come from {@code ${env.SECRET}}: Buildgate
 * cannot tell a secret from a setting, so every value of those keys is masked in {@code
 * Config.Env}, as is any environment entry whose value is a known secret. Known secrets are the
 * test command's credentials and the override values of keys named like a secret ({@link
 * #SECRET_NAME}: {@code SECRET_KEY}, {@code DB_PASSWORD}, {@code API_TOKEN}); they are also
 * replaced inside other text (compose's output, a command line or label of the answer) when they
 * have at least {@link #MIN_MASKED} characters. Other override values ({@code ci}, {@code true}, a
 * stack name) are masked only as whole {@code Config.Env} values: replaced inside text they would
 * blank out unrelated words.
 *
 * @param envKeys the environment keys the overrides set
 * @param values the known secret values
 */
public record StackSecrets(Set<String> envKeys, Set<String> values) {

  /** The replacement of a secret. */
  public static final String MASK = "****";

  /** Environment keys whose override values count as known secrets. */
  public static final java.util.regex.Pattern SECRET_NAME =
      java.util.regex.Pattern.compile(
          "(?i).*(PASS|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|PRIVATE|CERT|SIGNATURE|SALT).*");

  /** Values shorter than this are not masked inside other text (only as whole env values). */
  public static final int MIN_MASKED = 4;

  /** Copies the sets; empty and null values are dropped. */
  public StackSecrets {
    envKeys = Set.copyOf(envKeys);
    Set<String> v = new LinkedHashSet<>();
    for (String s : values) {
      if (s != null && !s.isEmpty()) {
        v.add(s);
      }
    }
    values = Set.copyOf(v);
  }

  /** None. */
  public static final StackSecrets NONE = new StackSecrets(Set.of(), Set.of());

  /**
   * The secrets of a stack: the overrides' environment keys, the values of those named like a
   * secret and the given known secrets.
   *
   * @param cfg the stack's configuration
   * @param known known secret values (the test command's credentials), may be null
   * @return the secrets
   */
  public static StackSecrets of(StackConfig cfg, Collection<String> known) {
    Set<String> values = new LinkedHashSet<>();
    for (ServiceOverride o : cfg.overrides()) {
      o.addEnvironment()
          .forEach(
              (k, v) -> {
                if (SECRET_NAME.matcher(k).matches()) {
                  values.add(v);
                }
              });
    }
    if (known != null) {
      values.addAll(known);
    }
    return new StackSecrets(ComposeRenderer.environmentKeys(cfg.overrides()), values);
  }

  /**
   * The values masked inside text (compose's output, text fields of inspect answers): the known
   * secrets of at least {@link #MIN_MASKED} characters, longest first.
   *
   * @return the values
   */
  public List<String> maskable() {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      if (v.length() >= MIN_MASKED) {
        out.add(v);
      }
    }
    out.sort(Comparator.comparingInt(String::length).reversed());
    return out;
  }

  /**
   * A container inspect answer with secrets masked (the argument is not changed).
   *
   * @param inspect one container's inspect answer
   * @return the redacted copy
   */
  public JsonNode redact(JsonNode inspect) {
    JsonNode copy = inspect.deepCopy();
    if (copy.path("Config").path("Env") instanceof ArrayNode env) {
      for (int i = 0; i < env.size(); i++) {
        String entry = env.get(i).asText("");
        int eq = entry.indexOf('=');
        if (eq > 0) {
          String key = entry.substring(0, eq);
          String value = entry.substring(eq + 1);
          if (envKeys.contains(key) || values.contains(value)) {
            env.set(i, TextNode.valueOf(key + "=" + MASK));
          }
        }
      }
    }
    return maskText(copy, maskable());
  }

  private static JsonNode maskText(JsonNode node, List<String> maskable) {
    if (maskable.isEmpty()) {
      return node;
    }
    if (node instanceof ObjectNode o) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(o.properties());
      for (Map.Entry<String, JsonNode> f : fields) {
        o.set(f.getKey(), maskText(f.getValue(), maskable));
      }
      return o;
    }
    if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, maskText(a.get(i), maskable));
      }
      return a;
    }
    if (node.isTextual()) {
      String text = node.asText();
      String masked = text;
      for (String s : maskable) {
        masked = masked.replace(s, MASK);
      }
      return masked.equals(text) ? node : TextNode.valueOf(masked);
    }
    return node;
  }
}
