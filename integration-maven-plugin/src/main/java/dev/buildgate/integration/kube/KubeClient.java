package dev.buildgate.integration.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.core.net.InsecureTls;
import dev.buildgate.integration.IntegrationConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small Kubernetes REST client over {@code java.net.http}: TLS trust from the kubeconfig's CA (or
 * insecure-skip-tls-verify), a bearer token or a client certificate (PKCS#8 or PKCS#1 RSA key).
 * Every failure is a one-line {@link KubeException} naming the server and the kubeconfig.
 */
public final class KubeClient {

  /** Largest response read into memory (object lists of a test namespace, pod logs). */
  static final int MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

  private final Kubeconfig config;
  private final HttpClient http;
  private final ObjectMapper json = InputLimits.jsonMapper();

  /** An HTTP response: status and body text. */
  public record Response(int status, String body) {
    public boolean ok() {
      return status / 100 == 2;
    }
  }

  public KubeClient(Kubeconfig config) throws IntegrationConfigException {
    this.config = config;
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1);
    if (config.server().startsWith("https://")) {
      b.sslContext(sslContext(config));
    }
    this.http = b.build();
  }

  public Kubeconfig config() {
    return config;
  }

  public ObjectMapper json() {
    return json;
  }

  static SSLContext sslContext(Kubeconfig c) throws IntegrationConfigException {
    try {
      TrustManager[] tms;
      if (c.insecure()) {
        tms = new TrustManager[] {InsecureTls.trustManager()};
      } else if (c.caPem() != null) {
        KeyStore ts = KeyStore.getInstance(KeyStore.getDefaultType());
        ts.load(null, null);
        int i = 0;
        for (Certificate cert : certs(c.caPem())) {
          ts.setCertificateEntry("ca" + i++, cert);
        }
        if (i == 0) {
          throw new IntegrationConfigException(
              "kubeconfig " + c.file() + ": the certificate authority holds no PEM certificate");
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        tms = tmf.getTrustManagers();
      } else {
        tms = null;
      }
      javax.net.ssl.KeyManager[] kms = null;
      if (c.clientCertPem() != null) {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "buildgate".toCharArray();
        ks.setKeyEntry(
            "client", privateKey(c), pw, certs(c.clientCertPem()).toArray(new Certificate[0]));
        KeyManagerFactory kmf =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        kms = kmf.getKeyManagers();
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kms, tms, null);
      return ctx;
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      throw new IntegrationConfigException(
          "kubeconfig "
              + c.file()
              + ", context '"
              + c.context()
              + "': unusable certificate or key ("
              + InputLimits.oneLine(e.getMessage())
              + ")");
    }
  }

  private static Collection<? extends Certificate> certs(byte[] pem)
      throws GeneralSecurityException {
    return CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem));
  }

  static PrivateKey privateKey(Kubeconfig c)
      throws GeneralSecurityException, IntegrationConfigException {
    String pem = new String(c.clientKeyPem(), StandardCharsets.US_ASCII);
    String type;
    if (pem.contains("-----BEGIN PRIVATE KEY-----")) {
      type = "PRIVATE KEY";
    } else if (pem.contains("-----BEGIN RSA PRIVATE KEY-----")) {
      type = "RSA PRIVATE KEY";
    } else {
      throw new IntegrationConfigException(
          "kubeconfig "
              + c.file()
              + ": the client key is neither a PKCS#8 (BEGIN PRIVATE KEY) nor an"
              + " RSA (BEGIN RSA PRIVATE KEY) PEM key: convert it with openssl pkcs8 -topk8 -nocrypt");
    }
    int s = pem.indexOf("-----BEGIN " + type + "-----") + ("-----BEGIN " + type + "-----").length();
    int e = pem.indexOf("-----END " + type + "-----", s);
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(s, e));
    if (type.equals("RSA PRIVATE KEY")) {
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(pkcs1ToPkcs8(der)));
    }
    GeneralSecurityException last = null;
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException ex) {
        last = ex;
      }
    }
    throw last;
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo. */
  static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    byte[] algId = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octet = tlv(0x04, pkcs1);
    byte[] body = new byte[version.length + algId.length + octet.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(algId, 0, body, version.length, algId.length);
    System.arraycopy(octet, 0, body, version.length + algId.length, octet.length);
    return tlv(0x30, body);
  }

  private static byte[] tlv(int tag, byte[] value) {
    int n = value.length;
    byte[] len;
    if (n < 0x80) {
      len = new byte[] {(byte) n};
    } else if (n < 0x100) {
      len = new byte[] {(byte) 0x81, (byte) n};
    } else if (n < 0x10000) {
      len = new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    } else {
      len = new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }
    byte[] out = new byte[1 + len.length + n];
    out[0] = (byte) tag;
    System.arraycopy(len, 0, out, 1, len.length);
    System.arraycopy(value, 0, out, 1 + len.length, n);
    return out;
  }

  /**
   * One request.
   *
   * @param method GET, POST, PATCH, DELETE
   * @param path the path below the server URL, with its query
   * @param contentType the body's type, or null
   * @param body the body, or null
   * @return the response (any status)
   * @throws KubeException when the server cannot be reached or the call times out
   */
  public Response call(String method, String path, String contentType, String body)
      throws KubeException, InterruptedException {
    HttpRequest.Builder rb =
        HttpRequest.newBuilder(URI.create(config.server() + path)).timeout(Duration.ofSeconds(30));
    if (config.token() != null) {
      rb.header("Authorization", "Bearer " + config.token());
    }
    rb.header("Accept", "application/json");
    if (contentType != null) {
      rb.header("Content-Type", contentType);
    }
    rb.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      HttpResponse<byte[]> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
      byte[] b = r.body();
      if (b.length > MAX_RESPONSE_BYTES) {
        throw new KubeException(
            method + " " + path + ": response larger than " + MAX_RESPONSE_BYTES + " bytes");
      }
      return new Response(r.statusCode(), new String(b, StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException | ConnectException e) {
      throw unreachable("connection refused or timed out");
    } catch (SSLHandshakeException e) {
      throw unreachable(
          "TLS handshake failed: "
              + InputLimits.oneLine(e.getMessage())
              + " (certificate-authority of the cluster, or the client certificate)");
    } catch (HttpTimeoutException e) {
      throw new KubeException(
          "API server "
              + config.server()
              + " did not answer "
              + method
              + " "
              + path
              + " within 30s");
    } catch (IOException e) {
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      throw unreachable(
          InputLimits.oneLine(
              root.getClass().getSimpleName()
                  + (root.getMessage() == null ? "" : ": " + root.getMessage())));
    }
  }

  private KubeException unreachable(String why) {
    return new KubeException(
        "API server "
            + config.server()
            + " unreachable ("
            + why
            + "; kubeconfig "
            + config.file()
            + ", context '"
            + config.context()
            + "'): start the cluster or fix the server URL");
  }

  /**
   * A call that must succeed; its JSON answer.
   *
   * @param what what the call does, for the error line
   */
  public JsonNode json(String what, String method, String path, String contentType, String body)
      throws KubeException, InterruptedException {
    Response r = call(method, path, contentType, body);
    if (!r.ok()) {
      throw new KubeException(what + ": " + statusMessage(r));
    }
    try {
      return json.readTree(r.body());
    } catch (IOException e) {
      throw new KubeException(
          what + ": the API server answered no JSON (" + InputLimits.oneLine(e.getMessage()) + ")");
    }
  }

  /** The API server's Status message (one line), or the HTTP status. */
  public String statusMessage(Response r) {
    try {
      JsonNode n = json.readTree(r.body());
      if (n != null && n.hasNonNull("message")) {
        return "HTTP " + r.status() + " " + InputLimits.oneLine(n.get("message").asText());
      }
    } catch (IOException e) {
      // not a Status object
    }
    return "HTTP " + r.status();
  }
}
