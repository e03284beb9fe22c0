// The build's step summary is appended to; start from none.
new File(basedir, 'target').deleteDir()
['users', 'catalog', 'orders'].each { new File(basedir, "$it/target").deleteDir() }
true
