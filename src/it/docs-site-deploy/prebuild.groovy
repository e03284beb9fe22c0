// A real git repository (main with a docs commit, then a feature branch with a code-only commit),
// a bare "origin" to deploy to, and an HTTP server on 127.0.0.1 serving the OpenAPI spec (its
// two versions of the spec).
import com.sun.net.httpserver.HttpServer

def git(File dir, String... args) {
  def cmd = ['git'] + args.toList()
  def pb = new ProcessBuilder(cmd).directory(dir).redirectErrorStream(true)
  pb.environment().putAll([GIT_AUTHOR_NAME: 'IT', GIT_AUTHOR_EMAIL: 'it@example.invalid',
                           GIT_COMMITTER_NAME: 'IT', GIT_COMMITTER_EMAIL: 'it@example.invalid',
                           GIT_CONFIG_GLOBAL: '/dev/null'])
  def p = pb.start()
  def out = p.inputStream.text
  assert p.waitFor() == 0 : "git ${args.join(' ')} failed: ${out}"
  return out.trim()
}

new File(basedir, '.gitignore').text = 'target/\nbuild.log\nremote.git/\n'
new File(basedir, 'app.py').text = 'print("v1")\n'
git(basedir, 'init', '-q', '-b', 'main')
git(basedir, 'add', '.gitignore', 'pom.xml', 'app.py', 'mkdocs.yml', 'docs/index.md')
git(basedir, 'commit', '-q', '-m', 'initial')
git(basedir, 'add', 'docs')
git(basedir, 'commit', '-q', '-m', 'docs: API reference page')
git(basedir, 'init', '-q', '--bare', new File(basedir, 'remote.git').path)
git(basedir, 'remote', 'add', 'origin', 'remote.git')
git(basedir, 'checkout', '-q', '-b', 'feature')
new File(basedir, 'app.py').text = 'print("v2")\n'
git(basedir, 'commit', '-q', '-am', 'code only')

def server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
['openapi.json': '1.0', 'openapi-v2.json': '2.0'].each { name, version ->
  server.createContext('/' + name) { exchange ->
    def body = ('{"openapi":"3.0.3","info":{"title":"Notes","version":"' + version + '"},'
        + '"servers":[{"url":"http://localhost:8000"}],'
        + '"paths":{"/api/v1/notes":{"get":{"responses":{"200":{"description":"notes"}}}}}}').bytes
    exchange.responseHeaders.add('Content-Type', 'application/json')
    exchange.sendResponseHeaders(200, body.length)
    exchange.responseBody.withCloseable { it.write(body) }
  }
}
server.start()
context.put('specServer', server)
context.get('userProperties').put('spec.port', String.valueOf(server.address.port))
true
