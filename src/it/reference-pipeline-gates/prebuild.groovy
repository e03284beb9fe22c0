// Start from the bundled example and add one broken input per gate (see invoker.properties).
import java.nio.file.*

def src = Paths.get(itSourceDirectory, 'reference-pipeline')
def dst = basedir.toPath()
def copyTree = { Path from, Path to ->
  Files.walk(from).withCloseable { paths ->
    paths.filter { p ->
      def rel = from.relativize(p).toString()
      !(rel.split('/').any { it in ['target', '.venv', 'pages.git', 'docker-config'] }) &&
          !(rel in ['invoker.properties', 'prebuild.groovy', 'verify.groovy', 'build.log'])
    }.each { p ->
      def t = to.resolve(from.relativize(p).toString())
      if (Files.isDirectory(p)) { Files.createDirectories(t) }
      else { Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES) }
    }
  }
}
copyTree(src, dst)

// 1. quality: one finding per analyzer
copyTree(dst.resolve('backend'), dst.resolve('backend-broken'))
dst.resolve('backend-broken/app/broken.py').toFile().text = '''"""Breaks each quality gate once."""
import os
import subprocess


def run(command: str) -> int:
    return subprocess.call(command, shell=True)


def count() -> int:
    return "three"
'''
// 2. docker build
Files.createDirectories(dst.resolve('broken'))
dst.resolve('broken/Dockerfile.base').toFile().text = 'FROM buildgate/debian:local\nRUN echo "the base image does not build" && exit 3\n'
// 3. scan: nothing ignored
dst.resolve('broken/empty.trivyignore').toFile().text = '# nothing is ignored here\n'
// 4. integration: a failing test
Files.createDirectories(dst.resolve('backend/tests/broken'))
dst.resolve('backend/tests/broken/__init__.py').toFile().text = ''
dst.resolve('backend/tests/broken/test_contract.py').toFile().text = '''def test_contract_is_broken() -> None:
    assert 1 + 1 == 3, "deliberately failing test of reference-pipeline-gates"
'''
// 5. docs: a nav entry to a page that does not exist
dst.resolve('broken-mkdocs.yml').toFile().text = dst.resolve('mkdocs.yml').toFile().text.replace('  - Home: index.md', '  - Home: index.md\n  - Missing: missing-page.md')
assert dst.resolve('broken-mkdocs.yml').toFile().text.contains('missing-page.md')
true
