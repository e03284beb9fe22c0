new GroovyShell(binding).evaluate(new File(itSourceDirectory, 'shared/trivy-db-copy.groovy'))
