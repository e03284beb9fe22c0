package dev.buildgate.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secret values reach up-to-date state only as keyed digests (issue 15, item 1). */
class SecretDigestTest {

  private static final String SECRET = "s3cr3t-Token-42";

  @TempDir Path tmp;

  @Test
  void theInputsFileHoldsAKeyedDigestOfSecretsNeverTheValueNorItsPlainHash() throws Exception {
    UpToDateStore store = new UpToDateStore(tmp.resolve("target/buildgate/state"));
    Fingerprint fp =
        Fingerprint.builder()
            .value("args", "--strict")
            .secrets("env:", Map.of("SECRET_KEY", SECRET))
            .secret("settings-password", SECRET)
            .build();
    store.record("quality-mypy", fp);

    String sha256 =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(SECRET.getBytes(StandardCharsets.UTF_8)));
    try (Stream<Path> files = Files.list(store.dir())) {
      for (Path f : files.toList()) {
        String text = Files.readString(f);
        assertThat(text).as(f.toString()).doesNotContain(SECRET).doesNotContain(sha256);
      }
    }
    assertThat(Files.readString(store.dir().resolve("quality-mypy.inputs")))
        .containsPattern("secret:env:SECRET_KEY=hmac-sha256:[0-9a-f]{64}\n");
  }

  @Test
  void theDigestIsStableAndAChangedSecretIsToldByNameOnly() {
    UpToDateStore store = new UpToDateStore(tmp.resolve("state"));
    Fingerprint before = Fingerprint.builder().secrets("env:", Map.of("TOKEN", SECRET)).build();
    store.record("k", before);
    assertThat(store.changes("k", Fingerprint.builder().secret("env:TOKEN", SECRET).build()))
        .isEmpty();
    Fingerprint after = Fingerprint.builder().secret("env:TOKEN", "other").build();
    assertThat(after.hex()).isNotEqualTo(before.hex());
    assertThat(store.changes("k", after)).contains("configuration changed (env:TOKEN)");
  }

  @Test
  void theKeyIsCreatedOwnerOnlyOnceAndReused() throws Exception {
    Path file = tmp.resolve("home/.local/state/buildgate/fingerprint.key");
    byte[] first = SecretDigest.load(file);
    assertThat(first).hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(SecretDigest.load(file)).isEqualTo(first);
    try (Stream<Path> s = Files.list(file.getParent())) {
      assertThat(s.toList()).containsExactly(file); // no temporary file left
    }
  }

  @Test
  void anUnusableKeyFileGivesAKeyForThisJvmAlone() throws Exception {
    Path blocker = Files.writeString(tmp.resolve("not-a-dir"), "x");
    byte[] k = SecretDigest.load(blocker.resolve("fingerprint.key"));
    assertThat(k).hasSize(32);
    assertThat(SecretDigest.load(blocker.resolve("fingerprint.key"))).isNotEqualTo(k);
  }
}
