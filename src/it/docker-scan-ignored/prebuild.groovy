new GroovyShell(binding).evaluate(new File(itSourceDirectory, 'shared/scan-image-fixture.groovy'))
