package dev.buildgate.docs.deploy;

import dev.buildgate.core.exec.ExecException;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.gate.GateCannotRunException;
import dev.buildgate.core.gate.GateLog;
import dev.buildgate.core.io.FileTrees;
import dev.buildgate.core.net.Network;
import dev.buildgate.docs.Git;
import dev.buildgate.docs.deploy.DeployConfig.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Publishes a built site to a pages branch with git plumbing, in a temporary bare repository: the
 * project's working tree, index, refs and object store are never touched.
 *
 * <p>Per attempt: read the branch tip ({@code ls-remote}), fetch it shallowly, build an index with
 * a private {@code GIT_INDEX_FILE} from the site plus {@code .nojekyll} (and {@code CNAME}), {@code
 * write-tree}, {@code commit-tree -p <tip>}, then {@code push <commit>:refs/heads/<branch>} without
 * force. A rejected push (the branch moved) is retried on the new tip.
 */
public final class GhPagesPublisher {

  private static final Pattern SCP_LIKE = Pattern.compile("^[\\w.-]+@[\\w.-]+:.*");
  private static final Pattern USERINFO = Pattern.compile("(?<=://)[^/@]+@");

  /** A custom domain for GitHub Pages: DNS labels of letters, digits and '-', dot-separated. */
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");

  private final ProcessRunner runner;
  private final Map<String, String> environment;
  private final GateLog log;
  private final Network network;

  /**
   * @param runner runs git
   * @param environment the process environment (GIT_CONFIG_COUNT already there is respected)
   * @param log where progress goes
   */
  public GhPagesPublisher(ProcessRunner runner, Map<String, String> environment, GateLog log) {
    this(runner, environment, log, Network.DIRECT);
  }

  /**
   * @param runner runs git
   * @param environment the process environment (GIT_CONFIG_COUNT already there is respected)
   * @param log where progress goes
   * @param network the proxies git's fetch and push go through ({@link Network#toolEnv()})
   */
  public GhPagesPublisher(
      ProcessRunner runner, Map<String, String> environment, GateLog log, Network network) {
    this.runner = runner;
    this.environment = Map.copyOf(environment);
    this.log = log;
    this.network = network;
  }

  public DeployResult publish(DeployConfig o) throws GateCannotRunException {
    if (o.cname() != null && !DOMAIN.matcher(o.cname()).matches()) {
      throw new GateCannotRunException(
          "<cname> (buildgate.docs.deploy.cname) '"
              + o.cname().replace("\r", "\\r").replace("\n", "\\n")
              + "' is not a domain name (one line of letters, digits, '-' and '.', e.g."
              + " docs.example.org): fix it, or leave it unset to keep the branch's CNAME.");
    }
    Path site = o.siteDir().toAbsolutePath().normalize();
    if (!Files.isDirectory(site) || isEmpty(site)) {
      throw new GateCannotRunException(
          "No site to deploy at " + site + ": run docs:build first (or set <siteDirectory>).");
    }
    List<String> secrets = new ArrayList<>(network.secrets());
    Map<String, String> env = new HashMap<>(network.toolEnv());
    String url = resolveRemote(o, secrets);
    String display = USERINFO.matcher(url).replaceFirst("");
    if (o.credentials() != null) {
      if (url.toLowerCase(Locale.ROOT).startsWith("http")) {
        Credentials c = o.credentials();
        String basic =
            Base64.getEncoder()
                .encodeToString(
                    (c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
        int n = 0;
        try {
          n = Integer.parseInt(environment.getOrDefault("GIT_CONFIG_COUNT", "0").strip());
        } catch (NumberFormatException ignored) {
          n = 0;
        }
        env.put("GIT_CONFIG_COUNT", Integer.toString(n + 1));
        env.put("GIT_CONFIG_KEY_" + n, "http.extraHeader");
        env.put("GIT_CONFIG_VALUE_" + n, "Authorization: Basic " + basic);
        secrets.add(c.password());
        secrets.add(basic);
      } else {
        log.debug("credentials ignored: remote " + display + " is not http(s)");
      }
    }
    Path repo = o.workDir().toAbsolutePath().resolve("gh-pages.git");
    env.put("GIT_DIR", repo.toString());
    env.put("GIT_INDEX_FILE", repo.resolve("buildgate-index").toString());
    env.put("GIT_AUTHOR_NAME", o.authorName());
    env.put("GIT_AUTHOR_EMAIL", o.authorEmail());
    env.put("GIT_COMMITTER_NAME", o.authorName());
    env.put("GIT_COMMITTER_EMAIL", o.authorEmail());
    Git git = new Git(runner, o.workDir().toAbsolutePath(), env, secrets, o.timeout());
    try {
      FileTrees.deleteRecursively(repo);
      Files.createDirectories(repo);
      check(git.run(List.of("init", "--bare", "-q")), "git init of the scratch repository");
      String ref = "refs/heads/" + o.branch();
      for (int attempt = 1; attempt <= o.maxAttempts(); attempt++) {
        String parent = fetchTip(git, url, ref, display);
        Files.deleteIfExists(repo.resolve("buildgate-index"));
        check(
            git.run(
                List.of(
                    "-c",
                    "core.autocrlf=false",
                    "-c",
                    "core.safecrlf=false",
                    "-c",
                    "core.fileMode=true",
                    "--work-tree=" + site,
                    "add",
                    "--all",
                    "--force",
                    "."),
                null,
                site),
            "git add of the site");
        addBlob(git, ".nojekyll", "");
        if (o.cname() != null) {
          addBlob(git, "CNAME", o.cname() + "\n");
        } else if (parent != null && !Files.exists(site.resolve("CNAME"))) {
          String kept = git.output("rev-parse", "--verify", "-q", parent + ":CNAME");
          if (kept != null) {
            check(
                git.run(
                    List.of("update-index", "--add", "--cacheinfo", "100644," + kept + ",CNAME")),
                "keeping CNAME");
          }
        }
        String tree = out(git.run(List.of("write-tree")), "git write-tree");
        int files = countFiles(git);
        if (parent != null && tree.equals(git.output("rev-parse", parent + "^{tree}"))) {
          log.info(
              o.branch() + " on " + display + " already holds this site (" + files + " files)");
          return new DeployResult(
              DeployResult.Status.UNCHANGED, null, parent, files, attempt, display, o.branch());
        }
        List<String> commitArgs = new ArrayList<>(List.of("commit-tree", tree));
        if (parent != null) {
          commitArgs.addAll(List.of("-p", parent));
        }
        commitArgs.addAll(List.of("-m", o.message()));
        String commit = out(git.run(commitArgs), "git commit-tree");
        if (o.dryRun()) {
          log.info(
              "Dry run: would push "
                  + commit.substring(0, 7)
                  + " ("
                  + files
                  + " files, parent "
                  + (parent == null ? "none" : parent.substring(0, 7))
                  + ") to "
                  + o.branch()
                  + " on "
                  + display);
          return new DeployResult(
              DeployResult.Status.DRY_RUN, commit, parent, files, attempt, display, o.branch());
        }
        ProcessResult push = git.run(List.of("push", "--porcelain", url, commit + ":" + ref));
        if (push.exitCode() == 0) {
          log.info(
              "Pushed "
                  + commit.substring(0, 7)
                  + " ("
                  + files
                  + " files) to "
                  + o.branch()
                  + " on "
                  + display
                  + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
          return new DeployResult(
              DeployResult.Status.PUSHED, commit, parent, files, attempt, display, o.branch());
        }
        if (!rejected(push)) {
          throw new GateCannotRunException(
              "git push to "
                  + display
                  + " failed (exit "
                  + push.exitCode()
                  + "): "
                  + push.outputTail(5).strip()
                  + hint(url, o));
        }
        log.warn(
            "Push to "
                + o.branch()
                + " on "
                + display
                + " rejected: the branch moved (another deploy?)"
                + (attempt < o.maxAttempts()
                    ? "; retrying on the new tip (" + (attempt + 1) + "/" + o.maxAttempts() + ")"
                    : ""));
      }
      throw new GateCannotRunException(
          "Push to "
              + o.branch()
              + " on "
              + display
              + " was rejected "
              + o.maxAttempts()
              + " times because the branch kept moving: re-run docs:deploy or raise"
              + " <attempts> (buildgate.docs.deploy.attempts).");
    } catch (ExecException e) {
      throw new GateCannotRunException("Could not run git for docs:deploy: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new GateCannotRunException("docs:deploy I/O error: " + e.getMessage(), e);
    } finally {
      try {
        FileTrees.deleteRecursively(repo);
      } catch (IOException e) {
        log.warn("Could not delete the scratch repository " + repo + ": " + e.getMessage());
      }
    }
  }

  private String fetchTip(Git git, String url, String ref, String display)
      throws ExecException, GateCannotRunException {
    ProcessResult ls = git.run(List.of("ls-remote", url, ref));
    if (ls.exitCode() != 0) {
      throw new GateCannotRunException(
          "Could not read " + display + " (git ls-remote): " + ls.outputTail(3).strip());
    }
    String tip = null;
    for (String line : ls.stdout().split("\\R")) {
      String[] parts = line.strip().split("\\s+");
      if (parts.length == 2 && parts[1].equals(ref)) {
        tip = parts[0];
      }
    }
    if (tip == null) {
      log.info(ref.substring("refs/heads/".length()) + " does not exist on " + display + " yet");
      return null;
    }
    ProcessResult fetch =
        git.run(
            List.of(
                "fetch", "-q", "--no-tags", "--depth=1", url, "+" + ref + ":refs/buildgate/tip"));
    if (fetch.exitCode() != 0) {
      throw new GateCannotRunException(
          "Could not fetch " + ref + " from " + display + ": " + fetch.outputTail(3).strip());
    }
    return out(git.run(List.of("rev-parse", "refs/buildgate/tip^{commit}")), "git rev-parse");
  }

  private static void addBlob(Git git, String path, String content)
      throws ExecException, GateCannotRunException {
    String blob = out(git.run(List.of("hash-object", "-w", "--stdin"), content), "git hash-object");
    check(
        git.run(List.of("update-index", "--add", "--cacheinfo", "100644," + blob + "," + path)),
        "git update-index " + path);
  }

  private static int countFiles(Git git) throws ExecException, GateCannotRunException {
    String listing = out(git.run(List.of("ls-files", "-z")), "git ls-files");
    int n = 0;
    for (String f : listing.split("\0")) {
      if (!f.isEmpty()) {
        n++;
      }
    }
    return n;
  }

  private static boolean rejected(ProcessResult push) {
    String text = (push.stdout() + "\n" + push.stderr()).toLowerCase(Locale.ROOT);
    return text.contains("[rejected]")
        || text.contains("non-fast-forward")
        || text.contains("fetch first")
        || text.contains("stale info")
        || text.contains("cannot lock ref")
        || text.contains("incorrect old value");
  }

  private static String hint(String url, DeployConfig o) {
    if (url.toLowerCase(Locale.ROOT).startsWith("http") && o.credentials() == null) {
      return " (no credentials: set the token variable named by <tokenEnv> or <serverId>)";
    }
    return "";
  }

  private String resolveRemote(DeployConfig o, List<String> secrets) throws GateCannotRunException {
    String r = o.remote();
    String url;
    if (r.contains("://") || SCP_LIKE.matcher(r).matches() || Path.of(r).isAbsolute()) {
      url = r;
    } else if (r.startsWith("./") || r.startsWith("../")) {
      url = o.basedir().toAbsolutePath().resolve(r).normalize().toString();
    } else {
      Git git = new Git(runner, o.basedir(), Map.of(), List.of(), o.timeout());
      try {
        url = git.output("remote", "get-url", r);
        if (url == null || url.isBlank()) {
          throw new GateCannotRunException(
              "git remote '"
                  + r
                  + "' is not configured in "
                  + o.basedir()
                  + ": set <remote> (buildgate.docs.deploy.remote) to a remote name or URL.");
        }
        if (!url.contains("://")
            && !SCP_LIKE.matcher(url).matches()
            && !Path.of(url).isAbsolute()) {
          String top = git.output("rev-parse", "--show-toplevel");
          Path root = top == null ? o.basedir() : Path.of(top);
          url = root.resolve(url).normalize().toString();
        }
      } catch (ExecException e) {
        throw new GateCannotRunException(
            "Could not run git to resolve remote '" + r + "': " + e.getMessage(), e);
      }
    }
    int scheme = url.indexOf("://");
    int at = url.indexOf('@', Math.max(0, scheme));
    if (scheme > 0 && at > scheme) {
      String userinfo = url.substring(scheme + 3, at);
      int colon = userinfo.indexOf(':');
      secrets.add(colon >= 0 ? userinfo.substring(colon + 1) : userinfo);
    }
    return url;
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return true;
    }
  }

  private static void check(ProcessResult r, String what) throws GateCannotRunException {
    if (r.exitCode() != 0) {
      throw new GateCannotRunException(
          what + " failed (exit " + r.exitCode() + "): " + r.outputTail(3));
    }
  }

  private static String out(ProcessResult r, String what) throws GateCannotRunException {
    check(r, what);
    return r.stdout().strip();
  }
}
