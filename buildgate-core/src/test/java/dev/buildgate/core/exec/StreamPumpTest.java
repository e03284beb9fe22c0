package dev.buildgate.core.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamPumpTest {

  /** Returns the data in random small chunks, so terminators and characters straddle reads. */
  private static final class ChunkedStream extends InputStream {
    private final byte[] data;
    private final Random random;
    private int pos;

    ChunkedStream(byte[] data, long seed) {
      this.data = data;
      this.random = new Random(seed);
    }

    @Override
    public int read() {
      return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, 1 + random.nextInt(7)), data.length - pos);
      System.arraycopy(data, pos, b, off, n);
      pos += n;
      return n;
    }
  }

  private static List<String> pump(byte[] data, long seed) throws InterruptedException {
    List<String> lines = new ArrayList<>();
    TailBuffer tail = new TailBuffer(1 << 20);
    StreamPump p =
        new StreamPump(
            StreamKind.STDOUT,
            new ChunkedStream(data, seed),
            tail,
            null,
            (k, l) -> lines.add(l),
            "test-pump");
    p.start();
    assertThat(p.join(10_000)).isTrue();
    assertThat(tail.text().getBytes(StandardCharsets.UTF_8))
        .isEqualTo(new String(data, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    return lines;
  }

  @Test
  void splitsLikeAReferenceWhateverTheReadBoundaries() throws Exception {
    String[] pieces = {"a", "bc", "\u00e9", "\u20ac", "\uD83D\uDE00", "\n", "\r\n", "\r", " "};
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      StringBuilder sb = new StringBuilder();
      int n = random.nextInt(60);
      for (int i = 0; i < n; i++) {
        sb.append(pieces[random.nextInt(pieces.length)]);
      }
      String text = sb.toString();
      List<String> expected = new ArrayList<>(Arrays.asList(text.split("\r\n|\r|\n", -1)));
      if (!expected.isEmpty() && expected.get(expected.size() - 1).isEmpty()) {
        expected.remove(expected.size() - 1); // no line after a final terminator
      }
      List<String> actual = pump(text.getBytes(StandardCharsets.UTF_8), round);
      assertThat(actual)
          .as("round %d: %s", round, text.replace("\r", "\\r").replace("\n", "\\n"))
          .isEqualTo(expected);
    }
  }

  @Test
  void longLinesAreCutAtCharacterBoundaries() throws Exception {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    String longLine = "x" + "\u20ac".repeat(70_000); // 3-byte characters: cuts fall inside them
    data.writeBytes(longLine.getBytes(StandardCharsets.UTF_8));
    data.writeBytes("\nshort\n".getBytes(StandardCharsets.UTF_8));

    List<String> lines = pump(data.toByteArray(), 1);

    assertThat(lines).last().isEqualTo("short");
    List<String> pieces = lines.subList(0, lines.size() - 1);
    assertThat(pieces).hasSizeGreaterThan(1);
    assertThat(String.join("", pieces)).isEqualTo(longLine);
    assertThat(pieces)
        .allSatisfy(
            p -> {
              assertThat(p).doesNotContain("\uFFFD");
              assertThat(p.getBytes(StandardCharsets.UTF_8).length)
                  .isLessThanOrEqualTo(StreamPump.MAX_LINE_BYTES);
            });
  }
}
