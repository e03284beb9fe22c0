new GroovyShell(binding).evaluate(new File(itSourceDirectory, 'shared/ci-reference-project.groovy'))
// The baseline accepts bandit's shell=True finding (fingerprint of tool, rule, file and message).
def baseline = new File(basedir, '.buildgate/quality-baseline.json')
baseline.parentFile.mkdirs()
baseline.text = new File(basedir, 'quality-baseline.json.fixture').text
// The event payload GitHub writes to GITHUB_EVENT_PATH for a pull_request event (shortened).
new File(basedir, 'github-event.json').text = '''{
  "action": "synchronize",
  "number": 7,
  "pull_request": {
    "number": 7,
    "head": { "ref": "feature/Login-Form", "sha": "5f3c2b1a9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b" },
    "base": { "ref": "main", "sha": "0123456789abcdef0123456789abcdef01234567" }
  },
  "repository": { "full_name": "acme/shop", "name": "shop", "owner": { "login": "acme" }, "default_branch": "main" }
}
'''
true
