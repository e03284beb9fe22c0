package dev.buildgate.docs;

import com.sun.net.httpserver.HttpServer;
import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.LocalProcessRunner;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessSpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Real tools for the tests: git, the pinned venv on PATH, a local HTTP server. */
public final class TestSupport {

  public static final Path VENV_BIN = Path.of("/opt/buildgate-ci/venv/bin");

  private TestSupport() {}

  /** The environment with the pinned tool venv first on PATH (as .ci/run does). */
  public static Map<String, String> env() {
    Map<String, String> env = new HashMap<>(System.getenv());
    if (Files.isDirectory(VENV_BIN)) {
      env.put("PATH", VENV_BIN + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    }
    return env;
  }

  public static LocalProcessRunner runner() {
    return new LocalProcessRunner(env());
  }

  /** Runs git in a directory and returns trimmed stdout; fails the test on a non-zero exit. */
  public static String git(Path dir, String... args) throws Exception {
    List<String> argv = new ArrayList<>();
    argv.add("git");
    argv.addAll(List.of(args));
    ProcessResult r =
        runner()
            .run(
                ProcessSpec.builder(argv)
                    .workingDir(dir)
                    .env("GIT_AUTHOR_NAME", "Test")
                    .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
                    .env("GIT_COMMITTER_NAME", "Test")
                    .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
                    .env("GIT_CONFIG_GLOBAL", "/dev/null")
                    .build(),
                LineSink.NONE);
    if (r.exitCode() != 0) {
      throw new AssertionError("git " + String.join(" ", args) + " failed: " + r.stderr());
    }
    return r.stdout().strip();
  }

  public static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** A minimal MkDocs Material project with an API page embedding the spec via swagger-ui-tag. */
  public static void mkdocsProject(Path dir) throws IOException {
    write(
        dir.resolve("mkdocs.yml"),
        "site_name: Demo API\n"
            + "theme:\n"
            + "  name: material\n"
            + "plugins:\n"
            + "  - search\n"
            + "  - swagger-ui-tag\n"
            + "nav:\n"
            + "  - Home: index.md\n"
            + "  - API: reference/api.md\n");
    write(dir.resolve("docs/index.md"), "# Home\n\nSee the [API](reference/api.md).\n");
    write(dir.resolve("docs/reference/api.md"), "# API\n\n<swagger-ui src=\"openapi.json\"/>\n");
    write(dir.resolve("pom.xml"), "<project/>\n");
  }

  public static final String SPEC_JSON =
      "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"Demo Service\",\"version\":\"1.2\"},"
          + "\"servers\":[{\"url\":\"http://localhost:8000\"}],"
          + "\"paths\":{\"/api/v1/health/live\":{\"get\":{\"responses\":{\"200\":"
          + "{\"description\":\"alive\"}}}}}}";

  /** A local HTTP server on 127.0.0.1 with canned responses per path. */
  public static final class Http implements AutoCloseable {
    public final HttpServer server;
    public final Map<String, List<Integer>> statuses = new HashMap<>();
    public final Map<String, String> bodies = new HashMap<>();
    public final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    public final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

    public Http() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
              authorizations.add(auth);
            }
            int status = 404;
            List<Integer> queue = statuses.get(path);
            synchronized (this) {
              if (queue != null && !queue.isEmpty()) {
                status = queue.size() > 1 ? queue.remove(0) : queue.get(0);
              } else if (bodies.containsKey(path)) {
                status = 200;
              }
            }
            byte[] body =
                (status == 200 ? bodies.getOrDefault(path, "") : "error " + status)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
    }

    public Http serve(String path, String body, Integer... statusSequence) {
      bodies.put(path, body);
      if (statusSequence.length > 0) {
        statuses.put(path, new ArrayList<>(List.of(statusSequence)));
      }
      return this;
    }

    public String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
