new GroovyShell(binding).evaluate(new File(itSourceDirectory, 'shared/ci-reference-project.groovy'))
