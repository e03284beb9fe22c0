package dev.buildgate.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDocsTest {
  @TempDir Path dir;

  @Test
  void reportsUndescribedParametersAndDocumentedNamesThatDoNotExist() throws Exception {
    Path plugin = dir.resolve("demo-maven-plugin");
    Files.createDirectories(plugin.resolve("target/classes/META-INF/maven"));
    Files.writeString(
        plugin.resolve("target/classes/META-INF/maven/plugin.xml"),
        """
        <plugin><mojos><mojo><goal>build</goal>
          <parameters>
            <parameter><name>noCache</name><editable>true</editable><description>No cache.</description></parameter>
            <parameter><name>timeout</name><editable>true</editable><description></description></parameter>
            <parameter><name>project</name><editable>false</editable></parameter>
          </parameters>
          <configuration>
            <noCache implementation="boolean" default-value="false">${demo.noCache}</noCache>
            <timeout implementation="java.lang.String">${demo.timeout}</timeout>
          </configuration>
        </mojo></mojos></plugin>
        """);
    Files.writeString(
        plugin.resolve("USAGE.md"),
        """
        Use `demo.noCache` or -Ddemo.timeout=5m; the report is `demo.json`. Not `demo.nocache`.
        ```xml
        <plugin>
          <artifactId>demo-maven-plugin</artifactId>
          <configuration>
            <noCache>true</noCache>  <!-- <fake> in a comment -->
            <timeouts><timeout>5m</timeout></timeouts>
          </configuration>
        </plugin>
        ```
        ## Exported properties
        `demo.port` is set by the plugin.
        ## Other
        """);
    assertThat(PluginDocs.problems(plugin, "demo", "USAGE.md"))
        .containsExactly(
            "demo:build parameter timeout has no description",
            "USAGE.md: property demo.nocache is not a parameter's",
            "USAGE.md: <timeouts> in an example is not a parameter");
  }
}
