// The build's private temp directory and docker config, and an http "git remote" on 127.0.0.1 that
// records the Authorization header docs:deploy sends and answers 401.
import com.sun.net.httpserver.HttpServer

def root = new File('/tmp/bg-secrets-nowhere')
root.deleteDir()
new File(root, 'tmp').mkdirs()
new File(root, 'docker-config').mkdirs()
new File(root, 'docker-config/config.json').text = '{}\n'

def seen = Collections.synchronizedList([])
def server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)
server.createContext('/') { exchange ->
  seen << String.valueOf(exchange.requestHeaders.getFirst('Authorization'))
  exchange.responseHeaders.add('WWW-Authenticate', 'Basic realm="pages"')
  exchange.sendResponseHeaders(401, -1)
  exchange.close()
}
server.start()
context.put('pagesServer', server)
context.put('pagesAuth', seen)
context.get('userProperties').put('pages.port', String.valueOf(server.address.port))
true
