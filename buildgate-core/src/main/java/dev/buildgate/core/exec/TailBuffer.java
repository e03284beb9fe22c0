package dev.buildgate.core.exec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the last {@code capacity} bytes written to it. Grows on demand, so small outputs use little
 * memory; once full it becomes a ring buffer. Thread-safe.
 */
final class TailBuffer {

  private static final int INITIAL = 8 * 1024;

  private final int capacity;
  private byte[] buf;
  private int size;
  private int head; // index of the oldest byte once the ring is full
  private long total;

  TailBuffer(long capacity) {
    this.capacity = (int) Math.min(capacity, Integer.MAX_VALUE - 16);
    this.buf = new byte[Math.min(INITIAL, this.capacity)];
  }

  synchronized void write(byte[] b, int off, int len) {
    total += len;
    if (len >= capacity) {
      // only the last `capacity` bytes of this chunk survive
      ensure(capacity);
      System.arraycopy(b, off + len - capacity, buf, 0, capacity);
      size = capacity;
      head = 0;
      return;
    }
    if (size + len <= capacity) {
      // not full yet: the buffer is linear (head == 0)
      ensure(size + len);
      System.arraycopy(b, off, buf, size, len);
      size += len;
      return;
    }
    ensure(capacity);
    if (size < capacity) {
      int n = capacity - size;
      System.arraycopy(b, off, buf, size, n);
      size = capacity;
      off += n;
      len -= n;
    }
    // full ring: overwrite the oldest bytes
    while (len > 0) {
      int n = Math.min(len, capacity - head);
      System.arraycopy(b, off, buf, head, n);
      head = (head + n) % capacity;
      off += n;
      len -= n;
    }
  }

  private void ensure(int needed) {
    if (buf.length >= needed) {
      return;
    }
    // only reached while the buffer is still linear (head == 0, size < capacity)
    long n = buf.length;
    while (n < needed) {
      n = n * 2;
    }
    byte[] nb = new byte[(int) Math.min(n, capacity)];
    System.arraycopy(buf, 0, nb, 0, size);
    buf = nb;
  }

  /**
   * Returns whether more bytes were written than kept.
   *
   * @return {@code true} if bytes were dropped
   */
  synchronized boolean truncated() {
    return total > size;
  }

  /**
   * Returns the kept bytes decoded as UTF-8 with replacement. When bytes were dropped, the partial
   * first line is dropped too, so the text starts at a line boundary (and no half secret or half
   * character survives) whenever the tail holds a line break.
   *
   * @return the text
   */
  synchronized String text() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(size);
    int first = Math.min(size, capacity - head);
    out.write(buf, head, first);
    if (first < size) {
      out.write(buf, 0, size - first);
    }
    byte[] bytes = out.toByteArray();
    int start = 0;
    if (truncated()) {
      for (int i = 0; i < bytes.length; i++) {
        if (bytes[i] == '\n') {
          start = i + 1;
          break;
        }
      }
      if (start == 0) {
        // no line break: at least skip UTF-8 continuation bytes of a cut character
        while (start < bytes.length && (bytes[start] & 0xC0) == 0x80) {
          start++;
        }
      }
    }
    return new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
  }
}
