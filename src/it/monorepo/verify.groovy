// Checks the five runs of invoker.properties on the three-module reactor.
def removeImages = {
  def refs = ['docker', 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'].execute().text.readLines()
      .findAll { it.startsWith('local/monorepo/') }
  if (refs) { (['docker', 'image', 'rm', '-f'] + refs).execute().waitFor() }
}
try {
def log = new File(basedir, 'build.log').text
def runs = log.split(/(?m)^\[INFO\] Scanning for projects\.\.\./).findAll { it.contains('BUILD') }
assert runs.size() == 5 : "expected 5 Maven runs, found ${runs.size()}"
def (cold, warm, failing, am, noAm) = runs
def modules = ['users', 'catalog', 'orders']

// 1 cold -T 3: Maven orders users before orders (orders' stack runs the users image)
assert cold.contains('BUILD SUCCESS')
def order = (cold =~ /(?s)Reactor Build Order:(.*?)\n\[INFO\] *\n\[INFO\] Using/)[0][1]
assert order.indexOf(' users ') < order.indexOf(' orders ') : order
assert cold =~ /Using the MultiThreadedBuilder implementation with a thread count of 3/
// every module ran its own gates, some of them in the background, in its own stack
modules.each { m ->
  assert cold =~ /(?m)^\[INFO\] ruff: 0 findings.*$/ 
  assert new File(basedir, "$m/target/buildgate/summary.md").isFile()
  assert new File(basedir, "$m/target/buildgate/docs/site/index.html").isFile()
}
def stacks = (cold =~ /stack (bg-[a-z0-9-]+) removed/).collect { it[1] }.unique()
assert stacks.size() == 3 : stacks
modules.each { m -> assert stacks.count { it.startsWith("bg-$m-") } == 1 : stacks }
assert cold =~ /runs in the background; a later Buildgate goal reports it/
assert cold =~ /orders: ok/ && cold =~ /users: ok/ && cold =~ /catalog: ok/
// ONE summary for the reactor, through Maven's logger at the end, before Maven's own closing lines
def root = new File(basedir, 'target/buildgate/summary.md')
assert (cold =~ /Buildgate pipeline summary \(/).count == 1
assert cold =~ /(?s)\[INFO\] Buildgate pipeline summary \(\Q${root.path}\E\):\n\[INFO\]   Result: [^\n]* passed \([0-9]+ steps in 3 modules\)\n\[INFO\]   \| Module \| Step \| Status \|\n(\[INFO\]   \|[^\n]*\n)+\[INFO\] -+\n\[INFO\] Reactor Summary/
modules.each { m -> assert cold =~ /\[INFO\]   \| $m \| / }
assert !cold.contains('[stdout]')

// 2 unchanged: every module up to date, nothing rebuilt, no stack started
assert warm.contains('BUILD SUCCESS')
assert (warm =~ /integration:up UP-TO-DATE/).count == 3
assert !(warm =~ /stack bg-[a-z0-9-]+ removed/)

// 3 catalog's test fails: the build fails naming the module and the gate; the summary says which
assert failing.contains('BUILD FAILURE')
assert failing =~ /\[ERROR\] Failed to execute goal dev\.buildgate:integration-maven-plugin:[^ ]+:verify \([^)]*\) on project catalog/
assert failing =~ /\[ERROR\]   Result: [^\n]* failed in catalog/

// 4 -pl orders -am: users (whose image the stack runs) and orders, one summary of the two
assert am.contains('BUILD SUCCESS')
assert am =~ /Building users 1\.0/ && am =~ /Building orders 1\.0/ && !(am =~ /Building catalog/)
assert am =~ /users: ok/  // run 3 changed users' test environment (MONO_FAIL): its stack runs again
assert am =~ /\[INFO\]   Result: [^\n]* passed \([0-9]+ steps in 2 modules\)/
def rootText = root.text
assert rootText.contains('| users |') && rootText.contains('| orders |') && !rootText.contains('| catalog |')

// 5 -pl orders alone: users' image is not made in this build: one line naming the override and the fix
assert noAm.contains('BUILD FAILURE')
def line = noAm.readLines().find { it.contains("override 'users' uses image 'local/monorepo/users:it'") }
assert line : noAm
assert line.contains('<dependency>') && line.contains('-am')
assert !(noAm =~ /stack bg-orders-[a-z0-9-]+ removed/)
assert noAm =~ /\[ERROR\]   Result: [^\n]* failed/ && noAm =~ /\[ERROR\]   \| integration:up \| \S+ failed \|/  // the summary says the build failed

// $GITHUB_STEP_SUMMARY: appended once per run
def step = new File(basedir, 'target/step-summary.md').text
// four reactor summaries (runs 1-4) and one module's (run 5, -pl orders)
assert (step =~ /(?m)^#+ Buildgate pipeline/).count == 5 : step

// nothing left: no container of the monorepo's stacks
def left = ['docker', 'ps', '-a', '--format', '{{.Names}}'].execute().text.readLines().findAll { it =~ /^bg-(users|catalog|orders)-/ }
assert left.isEmpty() : left
true
} finally {
  removeImages()
}
