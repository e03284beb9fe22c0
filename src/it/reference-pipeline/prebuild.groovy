// A run of the example in the source tree leaves target/ (with up-to-date state) that the invoker
// clones along: start from a clean slate so the first run really is cold.
new File(basedir, 'target').deleteDir()
new File(basedir, 'backend/target').deleteDir()
// The bare repository docs:deploy publishes to (never the enclosing checkout's origin).
def bare = new File(basedir, 'pages.git')
if (!bare.exists()) {
  def p = new ProcessBuilder('git', 'init', '-q', '--bare', bare.path).redirectErrorStream(true).start()
  assert p.waitFor() == 0 : p.inputStream.text
}
true
