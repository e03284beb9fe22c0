package dev.buildgate.docker.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextTarTest {
  @TempDir Path ctx;

  @Test
  void honoursDockerignoreWithExceptionsAndAddsGeneratedFiles() throws Exception {
    write("Dockerfile", "FROM scratch\n");
    write(".dockerignore", "secret.txt\nbuild\n!build/keep.txt\n**/*.tmp\nnode_modules\n");
    write("secret.txt", "s3cr3t");
    write("app/main.py", "print(1)\n");
    write("app/cache.tmp", "x");
    write("build/keep.txt", "keep");
    write("build/drop.txt", "drop");
    write("node_modules/a/index.js", "x");
    Files.setPosixFilePermissions(
        write("run.sh", "#!/bin/sh\n"),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DockerIgnore ignore =
        DockerIgnore.load(ctx).keeping(java.util.List.of(".dockerignore", "Dockerfile"));
    ContextTar.write(
        ctx, ignore, Map.of("gen.Dockerfile", "FROM x\n".getBytes(StandardCharsets.UTF_8)), out);

    Map<String, TarArchiveEntry> entries = new HashMap<>();
    Map<String, String> content = new HashMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        entries.put(e.getName(), e);
        if (e.isFile()) {
          content.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    assertThat(content.keySet())
        .containsExactlyInAnyOrder(
            "Dockerfile",
            ".dockerignore",
            "app/main.py",
            "build/keep.txt",
            "run.sh",
            "gen.Dockerfile");
    assertThat(entries).containsKey("app/").doesNotContainKey("node_modules/");
    assertThat(content.get("gen.Dockerfile")).isEqualTo("FROM x\n");
    assertThat(entries.get("run.sh").getMode() & 0777).isEqualTo(0755);
  }

  @Test
  void generatedDockerfileIsNamedInDockerignoreAsTheDockerCliDoes() throws Exception {
    write("Dockerfile", "FROM scratch\n");
    write(EngineImageBuilder.GENERATED, "a user file of the same name is replaced\n");
    Map<String, String> without = tar(EngineImageBuilder.generatedFiles(ctx, "FROM y\n"));
    assertThat(without.get(EngineImageBuilder.GENERATED)).isEqualTo("FROM y\n");
    assertThat(without.get(".dockerignore")).isEqualTo(".dockerignore\n.buildgate.Dockerfile\n");

    write(".dockerignore", "secret.txt");
    Map<String, String> with = tar(EngineImageBuilder.generatedFiles(ctx, "FROM y\n"));
    assertThat(with.get(".dockerignore")).isEqualTo("secret.txt\n.buildgate.Dockerfile\n");
    assertThat(with.keySet())
        .containsExactlyInAnyOrder("Dockerfile", ".dockerignore", EngineImageBuilder.GENERATED);
  }

  private Map<String, String> tar(Map<String, byte[]> extra) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ContextTar.write(
        ctx, DockerIgnore.load(ctx).keeping(java.util.List.of(".dockerignore")), extra, out);
    Map<String, String> content = new HashMap<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        assertThat(content).doesNotContainKey(e.getName()); // one entry per path
        content.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return content;
  }

  @Test
  void contextDigestIgnoresExcludedFilesAndSeesChanges() throws Exception {
    write(".dockerignore", "*.log\n");
    write("a.txt", "1");
    String d1 = BuildFingerprint.contextDigest(ctx, null);
    write("debug.log", "noise");
    assertThat(BuildFingerprint.contextDigest(ctx, null)).isEqualTo(d1);
    write("a.txt", "2");
    assertThat(BuildFingerprint.contextDigest(ctx, null)).isNotEqualTo(d1);
  }

  @Test
  void contextDigestIsTheSameThroughItsHashCacheAndSeesTheExecutableBit(@TempDir Path state)
      throws Exception {
    write("a.txt", "1");
    write("run.sh", "echo");
    Path cache = state.resolve("context.hashes");
    String plain = BuildFingerprint.contextDigest(ctx, null);
    assertThat(BuildFingerprint.contextDigest(ctx, cache)).isEqualTo(plain);
    assertThat(BuildFingerprint.contextDigest(ctx, cache)).isEqualTo(plain);
    assertThat(ctx.resolve("run.sh").toFile().setExecutable(true)).isTrue();
    assertThat(BuildFingerprint.contextDigest(ctx, cache)).isNotEqualTo(plain);
  }

  private Path write(String rel, String text) throws Exception {
    Path p = ctx.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }
}
