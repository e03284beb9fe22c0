// The bare repository docs:deploy publishes to (never the enclosing checkout's origin).
def bare = new File(basedir, 'pages.git')
if (!bare.exists()) {
  def p = new ProcessBuilder('git', 'init', '-q', '--bare', bare.path).redirectErrorStream(true).start()
  assert p.waitFor() == 0 : p.inputStream.text
}
true
