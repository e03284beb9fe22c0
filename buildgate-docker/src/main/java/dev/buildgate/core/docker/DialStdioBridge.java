package dev.buildgate.core.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A private unix socket in front of a daemon that only the docker CLI can reach ({@code ssh://}):
 * every connection to it is one {@code docker system dial-stdio} process, the CLI's own transport,
 * which carries the bytes to the daemon. The engine client (docker-java, the socket fast path) then
 * talks to {@link #uri()} as to a local daemon. The socket lives in a directory only this user can
 * enter; {@link #close()} stops every process and removes it.
 */
public final class DialStdioBridge implements AutoCloseable {
  private final Path dir;
  private final Path socket;
  private final ServerSocketChannel server;
  private final List<String> command;
  private final Map<String, String> env;
  private final Set<Process> processes = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private DialStdioBridge(List<String> command, Map<String, String> env) throws IOException {
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
    this.dir =
        Files.createTempDirectory(
            "buildgate-docker-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    this.socket = dir.resolve("docker.sock");
    this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    Thread t = new Thread(this::acceptLoop, "buildgate-dial-stdio");
    t.setDaemon(true);
    t.start();
  }

  /**
   * Starts a bridge.
   *
   * @param docker the docker CLI
   * @param env variables that point the CLI at the daemon ({@link DockerHost#cliEnv()}), added to
   *     this JVM's environment
   * @return the bridge, listening
   * @throws IOException when the socket cannot be made
   */
  public static DialStdioBridge start(String docker, Map<String, String> env) throws IOException {
    return new DialStdioBridge(List.of(docker, "system", "dial-stdio"), env);
  }

  /**
   * The endpoint to give the engine client.
   *
   * @return {@code unix://<socket>}
   */
  public String uri() {
    return "unix://" + socket;
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      try {
        ProcessBuilder pb =
            new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        // one thread per direction; a channel reads and writes concurrently (its stream adapters
        // would serialise both on one lock)
        daemon(
            () -> {
              ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
              try (OutputStream toProcess = p.getOutputStream()) {
                while (client.read(buf) >= 0) {
                  toProcess.write(buf.array(), 0, buf.position());
                  toProcess.flush();
                  buf.clear();
                }
              } catch (IOException e) {
                // either side is gone
              }
            });
        daemon(
            () -> {
              byte[] buf = new byte[16 * 1024];
              try (InputStream fromProcess = p.getInputStream()) {
                for (int n = fromProcess.read(buf); n >= 0; n = fromProcess.read(buf)) {
                  ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                  while (b.hasRemaining()) {
                    client.write(b);
                  }
                }
              } catch (IOException e) {
                // either side is gone
              } finally {
                closeQuietly(client);
                p.destroy();
                processes.remove(p);
              }
            });
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "buildgate-dial-stdio-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // nothing to do
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    for (Process p : processes) {
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    processes.clear();
    try {
      Files.deleteIfExists(socket);
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temp dir left behind
    }
  }
}
