package dev.buildgate.quality.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test helpers: captured tool outputs under {@code src/test/resources/tool-output}. */
final class Resources {
  private Resources() {}

  static InputStream open(String name) {
    InputStream in = Resources.class.getResourceAsStream("/tool-output/" + name);
    if (in == null) {
      throw new IllegalStateException("missing test resource tool-output/" + name);
    }
    return in;
  }

  static String text(String name) {
    try (InputStream in = open(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
