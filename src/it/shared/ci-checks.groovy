// Checks the CI recipe ITs share; evaluated by their verify.groovy, it puts closures in the binding.
import groovy.json.JsonSlurper

// The Maven runs of build.log, in order.
mavenRuns = { File dir ->
  new File(dir, 'build.log').text.split(/(?m)^\[INFO\] Scanning for projects\.\.\./).findAll { it.contains('BUILD') }
}

// Tags of the local images under a prefix, e.g. [backend: [pr-7, sha-5f3c2b1], ...].
imageTags = { String prefix ->
  def out = ['docker', 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'].execute().text.readLines()
  out.findAll { it.startsWith(prefix + '/') }.groupBy { it.substring(prefix.length() + 1, it.lastIndexOf(':')) }
     .collectEntries { k, v -> [k, v.collect { it.substring(it.lastIndexOf(':') + 1) }] }
}

removeImages = { String prefix ->
  def refs = ['docker', 'image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'].execute().text.readLines()
      .findAll { it.startsWith(prefix + '/') }
  if (refs) { (['docker', 'image', 'rm', '-f'] + refs).execute().waitFor() }
}

// GitHub's rules for the SARIF files of one upload folder (the same rules core's GitHubSarifRules
// test checks, which also validates against the SARIF 2.1.0 schema): at most 20 runs per file and
// 25,000 results per run, every run with an automationDetails.id, no two runs of one tool and
// category, locations relative to %SRCROOT%. Returns [violations, categories].
sarifUpload = { File folder ->
  def problems = []
  def seen = [:]
  folder.eachFileRecurse { f ->
    if (!f.name.endsWith('.sarif')) { return }
    def name = folder.toPath().relativize(f.toPath()).toString()
    def sarif = new JsonSlurper().parse(f)
    if (sarif.version != '2.1.0') { problems << "${name}: version ${sarif.version}" }
    if (sarif.runs.size() > 20) { problems << "${name}: ${sarif.runs.size()} runs" }
    sarif.runs.each { run ->
      def id = run.automationDetails?.id
      if (!id) { problems << "${name}: a run of ${run.tool.driver.name} has no automationDetails.id"; return }
      def key = run.tool.driver.name + ' ' + id
      if (seen.containsKey(key)) { problems << "${name}: ${key} again (first in ${seen[key]})" }
      seen[key] = name
      if ((run.results ?: []).size() > 25000) { problems << "${name}: ${run.results.size()} results" }
      (run.results ?: []).each { r ->
        r.locations.each { l ->
          def a = l.physicalLocation.artifactLocation
          if (a.uriBaseId != '%SRCROOT%' || a.uri.startsWith('/')) { problems << "${name}: ${a.uri} not relative to %SRCROOT%" }
        }
      }
    }
  }
  [problems, seen.keySet().collect { it.substring(it.indexOf(' ') + 1) }.toSorted()]
}

// The JUnit file of each gate: name -> [testcase name, failure message or null, skipped?].
junitGates = { File dir ->
  def files = new File(dir, 'target/buildgate/junit').listFiles()?.findAll { it.name.endsWith('.xml') } ?: []
  files.collectEntries { f ->
    def suite = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(f).documentElement
    assert suite.tagName == 'testsuite' && suite.getAttribute('tests') == '1' : f
    def tc = suite.getElementsByTagName('testcase').item(0)
    def failure = tc.getElementsByTagName('failure')
    [f.name - '.xml', [tc.getAttribute('name'), failure.length ? failure.item(0).getAttribute('message') : null,
                       tc.getElementsByTagName('skipped').length > 0]]
  }
}
true
