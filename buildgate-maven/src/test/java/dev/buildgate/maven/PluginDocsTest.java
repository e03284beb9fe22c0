package dev.buildgate.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDocsTest {
  @TempDir Path dir;

  @Test
  void reportsUndescribedParametersNamesOutsideTheSchemeAndDocumentedNamesThatDoNotExist()
      throws Exception {
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
            <parameter><name>registry</name><editable>true</editable><description>Registry.</description></parameter>
            <parameter><name>skip</name><editable>true</editable><description>Skip.</description></parameter>
            <parameter><name>skipBuild</name><editable>true</editable><description>Skip.</description></parameter>
          </parameters>
          <configuration>
            <noCache implementation="boolean" default-value="false">${buildgate.demo.noCache}</noCache>
            <timeout implementation="java.lang.String">${buildgate.demo.timeout}</timeout>
            <registry implementation="java.lang.String">${buildgate.registry}</registry>
            <skip implementation="boolean">${buildgate.demo.skip}</skip>
            <skipBuild implementation="boolean">${buildgate.demo.build.skip}</skipBuild>
          </configuration>
        </mojo><mojo><goal>push</goal>
          <parameters>
            <parameter><name>attempts</name><editable>true</editable><description>Attempts.</description></parameter>
            <parameter><name>skipPush</name><editable>true</editable><description>Skip.</description></parameter>
            <parameter><name>insecure</name><editable>true</editable><description>Insecure.</description></parameter>
          </parameters>
          <configuration>
            <attempts implementation="int">${demo.push.attempts}</attempts>
            <skipPush implementation="boolean">${buildgate.demo.pushing.skip}</skipPush>
            <insecure implementation="boolean">${buildgate.shared.insecure}</insecure>
          </configuration>
        </mojo><mojo><goal>help</goal>
          <parameters>
            <parameter><name>detail</name><editable>true</editable><description>Detail.</description></parameter>
          </parameters>
          <configuration>
            <detail implementation="boolean">${detail}</detail>
          </configuration>
        </mojo></mojos></plugin>
        """);
    Files.writeString(
        plugin.resolve("USAGE.md"),
        """
        Use `buildgate.demo.noCache` or -Dbuildgate.demo.timeout=5m; the report is `demo.json`.
        Not `buildgate.demo.nocache`, and no longer -Ddemo.noCache.
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
        `demo.port` and `buildgate.demo.port` are set by the plugin.
        ## Other
        """);
    assertThat(PluginDocs.problems(plugin, "demo", "USAGE.md"))
        .containsExactly(
            "demo:build parameter timeout has no description",
            "demo:push parameter attempts: property demo.push.attempts is outside buildgate.demo."
                + " (DESIGN-NOTES \"Names for the long term\")",
            "demo:push parameter skipPush: property buildgate.demo.pushing.skip is not"
                + " buildgate.demo.skip or buildgate.demo.<goal>.skip",
            "demo:push parameter insecure: property buildgate.shared.insecure is outside"
                + " buildgate.demo. (DESIGN-NOTES \"Names for the long term\")",
            "USAGE.md: property buildgate.demo.nocache is not a parameter's",
            "USAGE.md: property demo.noCache is not a parameter's",
            "USAGE.md: <timeouts> in an example is not a parameter");
  }
}
