// A fresh nonce in every build context, so RUN steps really run on every IT run (the daemon's
// build cache outlives the images this IT removes); both invocations of one run share it.
def nonce = UUID.randomUUID().toString()
['base', 'other', 'app', 'secretive'].each { d ->
  def dir = new File(basedir, d)
  if (dir.isDirectory()) {
    new File(dir, 'nonce.txt').text = nonce + '\n'
  }
}
true
