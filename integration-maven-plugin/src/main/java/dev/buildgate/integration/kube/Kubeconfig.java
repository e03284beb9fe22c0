package dev.buildgate.integration.kube;

import dev.buildgate.core.gate.Echo;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.integration.IntegrationConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * One context of a kubeconfig file: the API server, how to trust it (CA, or insecure) and how to
 * authenticate (bearer token, token file or client certificate). The file is read with the shared
 * YAML bounds ({@link InputLimits}); relative paths in it are relative to the file's directory (as
 * kubectl does). {@link #toString()} never shows a secret.
 *
 * @param file the kubeconfig file
 * @param context the context used
 * @param server the API server URL
 * @param caPem PEM of the CA certificate(s) to trust, or null (the JVM's trust store)
 * @param insecure {@code insecure-skip-tls-verify}
 * @param token a bearer token, or null
 * @param clientCertPem PEM client certificate, or null
 * @param clientKeyPem PEM client key, or null
 * @param namespace the context's namespace, or null
 */
public record Kubeconfig(
    Path file,
    String context,
    String server,
    byte[] caPem,
    boolean insecure,
    String token,
    byte[] clientCertPem,
    byte[] clientKeyPem,
    String namespace) {

  /** Kubeconfig files are small: anything larger is not one. */
  static final long MAX_BYTES = 4L * 1024 * 1024;

  /**
   * Reads a context of a kubeconfig file.
   *
   * @param file the kubeconfig
   * @param context the context name, or null/blank for the file's {@code current-context}
   * @return the context's settings
   * @throws IntegrationConfigException one line naming the file and what is wrong
   */
  public static Kubeconfig load(Path file, String context) throws IntegrationConfigException {
    Object doc;
    try {
      if (!Files.isRegularFile(file)) {
        throw new IntegrationConfigException(
            "<kubernetes><kubeconfig> "
                + file
                + " does not exist: name an existing kubeconfig file");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new IntegrationConfigException(
            "kubeconfig " + file + " is larger than " + MAX_BYTES + " bytes: not a kubeconfig");
      }
      String text = Files.readString(file, StandardCharsets.UTF_8);
      var lo = InputLimits.yamlLoaderOptions();
      doc = new Yaml(new SafeConstructor(lo)).load(text);
      InputLimits.checkExpansion(doc);
    } catch (IOException e) {
      throw new IntegrationConfigException(
          "cannot read kubeconfig " + file + ": " + e.getMessage());
    } catch (YAMLException | IllegalArgumentException e) {
      throw new IntegrationConfigException(
          "kubeconfig " + file + " is not valid YAML: " + InputLimits.oneLine(e.getMessage()));
    }
    if (!(doc instanceof Map<?, ?> root)) {
      throw new IntegrationConfigException("kubeconfig " + file + " is not a YAML mapping");
    }
    String ctxName =
        context == null || context.isBlank() ? str(root.get("current-context")) : context;
    if (ctxName == null || ctxName.isBlank()) {
      throw new IntegrationConfigException(
          "kubeconfig "
              + file
              + " has no current-context: set <kubernetes><context> to one of "
              + names(root.get("contexts")));
    }
    Map<?, ?> ctx = named(root.get("contexts"), ctxName, "context");
    if (ctx == null) {
      throw new IntegrationConfigException(
          "kubeconfig "
              + file
              + " has no context '"
              + ctxName
              + "': use one of "
              + names(root.get("contexts"))
              + " in <kubernetes><context>");
    }
    String clusterName = str(ctx.get("cluster"));
    Map<?, ?> cluster = named(root.get("clusters"), clusterName, "cluster");
    if (cluster == null) {
      throw new IntegrationConfigException(
          "kubeconfig "
              + file
              + ": context '"
              + ctxName
              + "' names cluster '"
              + clusterName
              + "', which the file does not define");
    }
    String userName = str(ctx.get("user"));
    Map<?, ?> user = userName == null ? Map.of() : named(root.get("users"), userName, "user");
    if (user == null) {
      throw new IntegrationConfigException(
          "kubeconfig "
              + file
              + ": context '"
              + ctxName
              + "' names user '"
              + userName
              + "', which the file does not define");
    }
    String server = str(cluster.get("server"));
    if (server == null || !(server.startsWith("https://") || server.startsWith("http://"))) {
      throw new IntegrationConfigException(
          "kubeconfig "
              + file
              + ": cluster '"
              + clusterName
              + "' has no https:// server URL (server: "
              + server
              + ")");
    }
    Path dir = file.toAbsolutePath().getParent();
    byte[] ca = bytes(file, dir, cluster, "certificate-authority-data", "certificate-authority");
    boolean insecure =
        Boolean.parseBoolean(String.valueOf(cluster.get("insecure-skip-tls-verify")));
    String token = str(user.get("token"));
    if (token == null && user.get("tokenFile") != null) {
      byte[] t = bytes(file, dir, user, "-", "tokenFile");
      token = new String(t, StandardCharsets.UTF_8).strip();
    }
    byte[] cert = bytes(file, dir, user, "client-certificate-data", "client-certificate");
    byte[] key = bytes(file, dir, user, "client-key-data", "client-key");
    if ((cert == null) != (key == null)) {
      throw new IntegrationConfigException(
          "kubeconfig "
              + file
              + ": user '"
              + userName
              + "' has a client certificate without a key (or a key without a certificate)");
    }
    if (user.get("exec") != null || user.get("auth-provider") != null) {
      throw new IntegrationConfigException(
          "kubeconfig "
              + file
              + ": user '"
              + userName
              + "' uses exec/auth-provider credentials, which Buildgate does not run: use a token,"
              + " token file or client certificate");
    }
    return new Kubeconfig(
        file,
        ctxName,
        server.replaceAll("/+$", ""),
        ca,
        insecure,
        token,
        cert,
        key,
        str(ctx.get("namespace")));
  }

  private static byte[] bytes(Path file, Path dir, Map<?, ?> m, String dataKey, String fileKey)
      throws IntegrationConfigException {
    String data = str(m.get(dataKey));
    if (data != null) {
      try {
        return Base64.getMimeDecoder().decode(data);
      } catch (IllegalArgumentException e) {
        throw new IntegrationConfigException(
            "kubeconfig " + file + ": " + dataKey + " is not base64");
      }
    }
    String f = str(m.get(fileKey));
    if (f == null) {
      return null;
    }
    Path p = dir.resolve(f);
    try {
      if (Files.size(p) > MAX_BYTES) {
        throw new IntegrationConfigException(
            "kubeconfig " + file + ": " + fileKey + " " + p + " is too large");
      }
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new IntegrationConfigException(
          "kubeconfig "
              + file
              + ": cannot read "
              + fileKey
              + " "
              + p
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  private static Map<?, ?> named(Object list, String name, String inner) {
    if (name == null || !(list instanceof List<?> l)) {
      return null;
    }
    for (Object o : l) {
      if (o instanceof Map<?, ?> m && name.equals(str(m.get("name")))) {
        return m.get(inner) instanceof Map<?, ?> v ? v : Map.of();
      }
    }
    return null;
  }

  private static String names(Object list) {
    List<String> out = new ArrayList<>();
    if (list instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> m && m.get("name") != null) {
          out.add("'" + m.get("name") + "'");
        }
      }
    }
    return out.isEmpty() ? "(none: the file defines no context)" : Echo.list(out);
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }

  /**
   * A kubeconfig file with this context only, its namespace set to {@code namespace}, every
   * credential inlined (so it can be mounted into a container alone).
   *
   * @param namespace the namespace of the run
   * @param server the server URL to write (e.g. as a container reaches it)
   * @return the YAML text (holds secrets: write it owner-readable only)
   */
  public String render(String namespace, String server) {
    Base64.Encoder b = Base64.getEncoder();
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: v1\nkind: Config\ncurrent-context: buildgate\n");
    y.append("clusters:\n- name: buildgate\n  cluster:\n    server: ")
        .append(q(server))
        .append('\n');
    if (caPem != null) {
      y.append("    certificate-authority-data: ").append(b.encodeToString(caPem)).append('\n');
    }
    if (insecure) {
      y.append("    insecure-skip-tls-verify: true\n");
    }
    y.append("users:\n- name: buildgate\n  user:");
    if (token == null && clientCertPem == null) {
      y.append(" {}");
    }
    y.append('\n');
    if (token != null) {
      y.append("    token: ").append(q(token)).append('\n');
    }
    if (clientCertPem != null) {
      y.append("    client-certificate-data: ")
          .append(b.encodeToString(clientCertPem))
          .append('\n');
      y.append("    client-key-data: ").append(b.encodeToString(clientKeyPem)).append('\n');
    }
    y.append(
        "contexts:\n- name: buildgate\n  context:\n    cluster: buildgate\n    user: buildgate\n");
    y.append("    namespace: ").append(q(namespace)).append('\n');
    return y.toString();
  }

  private static String q(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  @Override
  public String toString() {
    return "Kubeconfig["
        + file
        + ", context "
        + context
        + ", "
        + server
        + (token != null ? ", token ****" : "")
        + (clientCertPem != null ? ", client cert" : "")
        + "]";
  }
}
