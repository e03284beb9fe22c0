// The CI recipe ITs (ci-github, ci-gitlab, ci-jenkins) start from a copy of the bundled example plus
// backend-broken/, a backend with findings of every analyzer: 12 unused imports (ruff), a wrong
// return type (mypy) and shell=True (bandit).
import java.nio.file.*

def src = Paths.get(itSourceDirectory, 'reference-pipeline')
def dst = basedir.toPath()
def copyTree = { Path from, Path to ->
  Files.walk(from).withCloseable { paths ->
    paths.filter { p ->
      def rel = from.relativize(p).toString()
      !(rel.split('/').any { it in ['target', '.venv', 'pages.git', '.mypy_cache', '.ruff_cache', '__pycache__'] }) &&
          !(rel in ['invoker.properties', 'prebuild.groovy', 'verify.groovy', 'build.log'])
    }.each { p ->
      def t = to.resolve(from.relativize(p).toString())
      if (Files.isDirectory(p)) { Files.createDirectories(t) }
      else { Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES) }
    }
  }
}
copyTree(src, dst)
copyTree(dst.resolve('backend'), dst.resolve('backend-broken'))
dst.resolve('backend-broken/app/broken.py').toFile().text = '''"""Breaks each quality gate: ruff, mypy and bandit."""
import subprocess

''' + (1..12).collect { "import os as unused_${it}" }.join('\n') + '''


def run(command: str) -> int:
    return subprocess.call(command, shell=True)


def count() -> int:
    return "three"
'''
// the bare repository docs:deploy publishes to (never the enclosing checkout's origin)
def bare = new File(basedir, 'pages.git')
if (!bare.exists()) {
  def p = new ProcessBuilder('git', 'init', '-q', '--bare', bare.path).redirectErrorStream(true).start()
  assert p.waitFor() == 0 : p.inputStream.text
}
true
