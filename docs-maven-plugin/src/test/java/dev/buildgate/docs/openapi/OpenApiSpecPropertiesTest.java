package dev.buildgate.docs.openapi;

import dev.buildgate.core.gate.GateFailedException;
import dev.buildgate.core.testing.Hostile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * An OpenAPI document comes from the user's repository or a running service: whatever it holds,
 * reading it and merging the configured servers gives a result or {@link GateFailedException} with
 * one line, in bounded time and memory.
 */
class OpenApiSpecPropertiesTest {

  static final String JSON =
      "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"Demo API\",\"version\":\"1.2.3\"},"
          + "\"servers\":[{\"url\":\"http://localhost:8000\"}],"
          + "\"paths\":{\"/api/v1/health/live\":{\"get\":{\"responses\":{\"200\":"
          + "{\"description\":\"ok\",\"content\":{\"application/json\":{\"schema\":"
          + "{\"$ref\":\"#/components/schemas/Health\"}}}}}}}},"
          + "\"components\":{\"schemas\":{\"Health\":{\"type\":\"object\","
          + "\"properties\":{\"status\":{\"type\":\"string\"}}}}}}";

  static final String YAML =
      "openapi: 3.0.3\n"
          + "info:\n"
          + "  title: &t Demo API\n"
          + "  version: 1.2.3\n"
          + "  description: *t\n"
          + "servers:\n"
          + "  - url: http://localhost:8000\n"
          + "paths:\n"
          + "  /items/{id}:\n"
          + "    get:\n"
          + "      parameters:\n"
          + "        - {name: id, in: path, required: true, schema: {type: integer}}\n"
          + "      responses:\n"
          + "        '200': {description: ok}\n";

  static final String SWAGGER = "swagger: \"2.0\"\ninfo: {title: Old, version: \"1\"}\npaths: {}\n";

  @Provide
  Arbitrary<byte[]> specs() {
    return Hostile.anyOf(JSON, YAML, SWAGGER);
  }

  @Property(tries = 200)
  void anySpec(@ForAll("specs") byte[] spec) {
    String text = new String(spec, StandardCharsets.UTF_8);
    Hostile.check(
        () -> {
          OpenApiSpec s = OpenApiSpec.parse(text, "backend/openapi.json");
          s.title();
          s.version();
          s.mergeServers(
              List.of(new OpenApiOptions.ServerEntry("https://api.example.org", "Production")));
        },
        GateFailedException.class);
  }
}
