package dev.buildgate.core.net;

import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How Buildgate and the tools it starts may use the network: Maven's offline switch ({@code -o})
 * and the active settings.xml proxies, one for {@code http://} and one for {@code https://}
 * targets. The Maven glue reads them once per goal and hands this object to the domain code, which
 * stays Maven-free.
 *
 * <p>Offline, nothing goes beyond loopback: uv runs with {@code UV_OFFLINE=1}, Trivy neither
 * updates its database nor looks anything up, no image is pulled, and the goals that publish
 * refuse. A proxy is used by Buildgate's own HTTP ({@link #javaProxy(URI)}, {@link
 * #authenticator()}) and passed to the tools that go to the network (uv, Trivy, MkDocs and its
 * plugins, git) as {@code HTTP_PROXY}, {@code HTTPS_PROXY} and {@code NO_PROXY} (and the lower-case
 * forms); loopback always stays direct. The docker CLI talks to the daemon, which has its own proxy
 * settings, so it gets none of this.
 *
 * @param offline Maven runs offline
 * @param httpProxy the proxy for {@code http://} targets, or null
 * @param httpsProxy the proxy for {@code https://} targets, or null
 */
public record Network(boolean offline, ProxySettings httpProxy, ProxySettings httpsProxy) {

  /** Online, no proxy: the tools get the environment as it is. */
  public static final Network DIRECT = new Network(false, null, null);

  /** Hosts that never go through a proxy (NO_PROXY always starts with them). */
  public static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "::1");

  /**
   * Whether a host is a loopback name or address.
   *
   * @param host a host name or literal address
   * @return true for {@code localhost}, {@code 127.*} and {@code ::1}
   */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.startsWith("127.")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }

  /**
   * The proxy for a URL scheme.
   *
   * @param scheme {@code http} or {@code https}
   * @return the proxy, empty when none is configured for it
   */
  public Optional<ProxySettings> proxy(String scheme) {
    return Optional.ofNullable(
        "https".equalsIgnoreCase(scheme)
            ? httpsProxy
            : "http".equalsIgnoreCase(scheme) ? httpProxy : null);
  }

  /**
   * The proxy Buildgate's own HTTP uses for a URL.
   *
   * @param uri the URL
   * @return empty when settings.xml names no proxy for its scheme (the JVM's own proxy settings
   *     apply); {@link Proxy#NO_PROXY} for loopback and {@code nonProxyHosts}; else the proxy
   */
  public Optional<Proxy> javaProxy(URI uri) {
    Optional<ProxySettings> p = proxy(uri.getScheme());
    if (p.isEmpty()) {
      return Optional.empty();
    }
    if (p.get().bypasses(uri.getHost())) {
      return Optional.of(Proxy.NO_PROXY);
    }
    return Optional.of(
        new Proxy(
            Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.get().host(), p.get().port())));
  }

  /**
   * Answers the proxies' credential challenges (and nothing else), for {@code
   * HttpURLConnection.setAuthenticator}.
   *
   * @return the authenticator, empty when no proxy has a username
   */
  public Optional<Authenticator> authenticator() {
    if ((httpProxy == null || httpProxy.username() == null)
        && (httpsProxy == null || httpsProxy.username() == null)) {
      return Optional.empty();
    }
    return Optional.of(
        new Authenticator() {
          @Override
          protected PasswordAuthentication getPasswordAuthentication() {
            if (getRequestorType() != RequestorType.PROXY) {
              return null;
            }
            for (ProxySettings p : new ProxySettings[] {httpProxy, httpsProxy}) {
              if (p != null
                  && p.username() != null
                  && p.host().equalsIgnoreCase(getRequestingHost())
                  && p.port() == getRequestingPort()) {
                String pw = p.password() == null ? "" : p.password();
                return new PasswordAuthentication(p.username(), pw.toCharArray());
              }
            }
            return null;
          }
        });
  }

  /**
   * The variables for a tool that goes to the network: {@code HTTP_PROXY}/{@code http_proxy},
   * {@code HTTPS_PROXY}/{@code https_proxy} and {@code NO_PROXY}/{@code no_proxy} (loopback, then
   * the {@code nonProxyHosts} with {@code *.x} written {@code .x}) for the configured proxies, and
   * {@code UV_OFFLINE=1} offline. Values may hold a proxy password: pass {@link #secrets()} to the
   * process so it is masked, and never write these into state or reports.
   *
   * @return the variables (empty online without a proxy)
   */
  public Map<String, String> toolEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    if (httpProxy != null) {
      env.put("HTTP_PROXY", httpProxy.url());
      env.put("http_proxy", httpProxy.url());
    }
    if (httpsProxy != null) {
      env.put("HTTPS_PROXY", httpsProxy.url());
      env.put("https_proxy", httpsProxy.url());
    }
    if (httpProxy != null || httpsProxy != null) {
      String noProxy = String.join(",", noProxy());
      env.put("NO_PROXY", noProxy);
      env.put("no_proxy", noProxy);
    }
    if (offline) {
      env.put("UV_OFFLINE", "1");
    }
    return env;
  }

  /**
   * The NO_PROXY entries: loopback, then every {@code nonProxyHosts} pattern as the tools read it
   * ({@code *.example.com} becomes {@code .example.com}).
   *
   * @return the entries, without duplicates
   */
  public List<String> noProxy() {
    Set<String> out = new LinkedHashSet<>(LOOPBACK);
    for (ProxySettings p : new ProxySettings[] {httpProxy, httpsProxy}) {
      if (p != null) {
        for (String h : p.nonProxyHosts()) {
          out.add(h.startsWith("*.") ? h.substring(1) : h);
        }
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * The values to mask in a tool's output and messages (the proxy passwords).
   *
   * @return the secrets
   */
  public List<String> secrets() {
    List<String> s = new ArrayList<>();
    if (httpProxy != null) {
      s.addAll(httpProxy.secrets());
    }
    if (httpsProxy != null) {
      s.addAll(httpsProxy.secrets());
    }
    return s;
  }

  /**
   * The one-line refusal of a goal that would publish while offline.
   *
   * @param goal the goal, e.g. {@code docker:push}
   * @param what what it would do, e.g. {@code push images to the registry}
   * @return the message
   */
  public static String offlineRefusal(String goal, String what) {
    return "offline: " + goal + " would " + what + "; run without -o";
  }
}
