package dev.buildgate.core.net;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One settings.xml {@code <proxy>} after decryption, without Maven types. {@link #toString()} never
 * shows the password.
 *
 * @param host the proxy host
 * @param port the proxy port
 * @param username the username, or null
 * @param password the decrypted password, or null
 * @param nonProxyHosts hosts reached directly, Maven's form ({@code *.example.com}, {@code
 *     10.0.*}), already split at {@code |} or {@code ,}
 */
public record ProxySettings(
    String host, int port, String username, String password, List<String> nonProxyHosts) {

  /** Validates and copies. */
  public ProxySettings {
    Objects.requireNonNull(host, "host");
    if (host.isBlank() || port <= 0 || port > 65535) {
      throw new IllegalArgumentException(
          "proxy needs a host and a port 1-65535: " + host + ":" + port);
    }
    username = username == null || username.isEmpty() ? null : username;
    password = password == null || password.isEmpty() ? null : password;
    nonProxyHosts = nonProxyHosts == null ? List.of() : List.copyOf(nonProxyHosts);
  }

  /**
   * Splits Maven's {@code nonProxyHosts} ({@code a|*.b.com}, commas accepted too).
   *
   * @param value the settings.xml value, or null
   * @return the patterns, blanks dropped
   */
  public static List<String> splitNonProxyHosts(String value) {
    List<String> out = new ArrayList<>();
    if (value != null) {
      for (String p : value.split("[|,]")) {
        if (!p.isBlank()) {
          out.add(p.trim());
        }
      }
    }
    return out;
  }

  /**
   * Whether a host is reached directly: loopback always, else when it matches a {@code
   * nonProxyHosts} pattern ({@code *} matches any characters, case-insensitive).
   *
   * @param targetHost the host of the URL
   * @return true to connect without the proxy
   */
  public boolean bypasses(String targetHost) {
    if (targetHost == null || Network.isLoopback(targetHost)) {
      return true;
    }
    String h = targetHost.toLowerCase(Locale.ROOT);
    for (String p : nonProxyHosts) {
      String regex = Pattern.quote(p.toLowerCase(Locale.ROOT)).replace("*", "\\E.*\\Q");
      if (h.matches(regex)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The proxy as the tools read it from {@code HTTP_PROXY}: {@code
   * http://[user:password@]host:port} (user and password URL-encoded). Contains the password: never
   * log it.
   *
   * @return the URL
   */
  public String url() {
    StringBuilder sb = new StringBuilder("http://");
    if (username != null) {
      sb.append(encode(username));
      if (password != null) {
        sb.append(':').append(encode(password));
      }
      sb.append('@');
    }
    return sb.append(host.contains(":") ? "[" + host + "]" : host)
        .append(':')
        .append(port)
        .toString();
  }

  /**
   * The secrets to mask wherever the proxy URL could appear: the password as written and encoded.
   *
   * @return the secrets (empty without a password)
   */
  public List<String> secrets() {
    if (password == null) {
      return List.of();
    }
    String enc = encode(password);
    return enc.equals(password) ? List.of(password) : List.of(password, enc);
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return "ProxySettings["
        + (username == null ? "" : username + ":" + (password == null ? "" : "****") + "@")
        + host
        + ":"
        + port
        + ", nonProxyHosts="
        + nonProxyHosts
        + "]";
  }
}
