package dev.buildgate.core.net;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The one "trust any certificate" TLS of the build, for the options a user sets to reach a server
 * with a self-signed certificate ({@code insecure} waits and OpenAPI fetches, a kubeconfig's {@code
 * insecure-skip-tls-verify}): no chain check and no host name check. Never used unless asked for.
 */
public final class InsecureTls {

  private static final SSLContext CONTEXT = create();

  private InsecureTls() {}

  /**
   * The trust-all trust manager (an extended one, so the JDK does no host name check either).
   *
   * @return the trust manager
   */
  public static X509ExtendedTrustManager trustManager() {
    return new TrustAll();
  }

  /**
   * A TLS context that trusts any server.
   *
   * @return the shared context
   */
  public static SSLContext context() {
    return CONTEXT;
  }

  /**
   * Makes an HTTPS connection trust any server certificate and host name.
   *
   * @param connection the connection, before it connects
   */
  public static void trustAll(HttpsURLConnection connection) {
    connection.setSSLSocketFactory(CONTEXT.getSocketFactory());
    connection.setHostnameVerifier((host, session) -> true);
  }

  private static SSLContext create() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS in this JVM: " + e.getMessage(), e);
    }
  }

  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
  }
}
