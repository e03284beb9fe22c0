package dev.buildgate.docs.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.docs.TestSupport;
import dev.buildgate.docs.openapi.OpenApiOptions.ServerEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiSpecTest {

  @TempDir Path tmp;

  @Test
  void parsesJsonAndMergesServersFirstReplacingSameUrl() throws Exception {
    OpenApiSpec spec = OpenApiSpec.parse(TestSupport.SPEC_JSON, "test.json");
    assertThat(spec.version()).isEqualTo("openapi 3.0.3");
    assertThat(spec.title()).isEqualTo("Demo Service");
    assertThat(
            spec.mergeServers(
                List.of(
                    new ServerEntry("https://api.example.com", "Production"),
                    new ServerEntry("http://localhost:8000", "Local"))))
        .isNull();
    JsonNode servers = spec.tree().get("servers");
    assertThat(servers).hasSize(2);
    assertThat(servers.get(0).get("url").asText()).isEqualTo("https://api.example.com");
    assertThat(servers.get(0).get("description").asText()).isEqualTo("Production");
    assertThat(servers.get(1).get("description").asText()).isEqualTo("Local");
  }

  @Test
  void parsesYamlAndWritesJsonOrYamlByExtension() throws Exception {
    OpenApiSpec spec =
        OpenApiSpec.parse(
            "openapi: 3.1.0\ninfo:\n  title: Y\n  version: '1'\npaths: {}\n", "spec.yaml");
    spec.mergeServers(List.of(new ServerEntry("https://x.example", null)));
    Path json = tmp.resolve("out/openapi.json");
    spec.write(json);
    JsonNode back = new ObjectMapper().readTree(Files.readString(json));
    assertThat(back.get("openapi").asText()).isEqualTo("3.1.0");
    assertThat(back.get("servers").get(0).get("url").asText()).isEqualTo("https://x.example");
    Path yaml = tmp.resolve("out/openapi.yaml");
    spec.write(yaml);
    assertThat(Files.readString(yaml)).contains("openapi: 3.1.0").contains("https://x.example");
  }

  @Test
  void rejectsInvalidJsonNamingTheSourceAndPosition() {
    assertThatThrownBy(() -> OpenApiSpec.parse("{\"openapi\": \"3.0.0\",", "http://x/spec.json"))
        .isInstanceOf(GateFailedException.class)
        .hasMessageContaining("http://x/spec.json")
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("line 1");
  }

  @Test
  void rejectsHtmlAndDocumentsWithoutVersion() {
    assertThatThrownBy(() -> OpenApiSpec.parse("<html><body>login</body></html>", "portal"))
        .isInstanceOf(GateFailedException.class)
        .hasMessageContaining("portal")
        .hasMessageContaining("looks like HTML/XML (<html><body>login</body></html>)");
    assertThatThrownBy(() -> OpenApiSpec.parse("{\"status\":\"ok\"}", "health.json"))
        .isInstanceOf(GateFailedException.class)
        .hasMessageContaining("health.json")
        .hasMessageContaining("top-level keys: status");
    assertThatThrownBy(() -> OpenApiSpec.parse("  \n", "empty.json"))
        .hasMessageContaining("empty.json is empty");
    assertThatThrownBy(() -> OpenApiSpec.parse("just some text", "text.yaml"))
        .hasMessageContaining("text.yaml is not a JSON/YAML object (got string)");
    assertThatThrownBy(() -> OpenApiSpec.parse("openapi: [unclosed", "bad.yaml"))
        .hasMessageContaining("bad.yaml is not valid YAML");
    assertThatThrownBy(() -> OpenApiSpec.parse("[1,2]", "list.json"))
        .hasMessageContaining("not a JSON/YAML object");
  }

  @Test
  void swagger2KeepsItsShapeAndWarnsAboutServers() throws Exception {
    OpenApiSpec spec =
        OpenApiSpec.parse("{\"swagger\":\"2.0\",\"info\":{},\"paths\":{}}", "old.json");
    assertThat(spec.version()).isEqualTo("swagger 2.0");
    assertThat(spec.mergeServers(List.of(new ServerEntry("https://a", "A"))))
        .contains("Swagger 2.0");
    assertThat(spec.tree().has("servers")).isFalse();
  }
}
