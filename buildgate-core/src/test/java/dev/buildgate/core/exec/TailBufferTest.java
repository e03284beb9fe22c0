package dev.buildgate.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TailBufferTest {

  @Test
  void keepsEverythingBelowCapacity() {
    TailBuffer b = new TailBuffer(100);
    write(b, "hello ");
    write(b, "world\n");
    assertThat(b.truncated()).isFalse();
    assertThat(b.text()).isEqualTo("hello world\n");
  }

  @Test
  void keepsTheTailFromTheFirstWholeLineOnceTruncated() {
    TailBuffer b = new TailBuffer(10);
    write(b, "line1\nline2\nline3\n");
    assertThat(b.truncated()).isTrue();
    // last 10 bytes are "e2\nline3\n": the partial first line is dropped
    assertThat(b.text()).isEqualTo("line3\n");
  }

  @Test
  void dropsCutUtf8CharacterWhenThereIsNoLineBreak() {
    TailBuffer b = new TailBuffer(5);
    write(b, "\u00e9\u00e9\u00e9"); // 6 bytes: the first byte kept is a continuation byte
    assertThat(b.text()).isEqualTo("\u00e9\u00e9");
  }

  @Test
  void matchesAReferenceForRandomWriteSizes() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      int capacity = 1 + random.nextInt(20_000);
      TailBuffer b = new TailBuffer(capacity);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      int writes = 1 + random.nextInt(40);
      for (int w = 0; w < writes; w++) {
        byte[] chunk = new byte[random.nextInt(3 * capacity / 2 + 1)];
        for (int i = 0; i < chunk.length; i++) {
          chunk[i] = (byte) ('a' + random.nextInt(26)); // no line breaks: raw tail kept
        }
        int off = chunk.length == 0 ? 0 : random.nextInt(chunk.length);
        int len = chunk.length - off;
        b.write(chunk, off, len);
        all.write(chunk, off, len);
      }
      byte[] expected = all.toByteArray();
      if (expected.length > capacity) {
        expected = Arrays.copyOfRange(expected, expected.length - capacity, expected.length);
      }
      assertThat(b.text())
          .as("round %d", round)
          .isEqualTo(new String(expected, StandardCharsets.US_ASCII));
      assertThat(b.truncated()).isEqualTo(all.size() > capacity);
    }
  }

  private static void write(TailBuffer b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.write(bytes, 0, bytes.length);
  }
}
