package dev.buildgate.core.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Drains one output stream of a process on its own daemon thread: keeps a bounded tail, copies the
 * bytes to a file and splits them into lines for a sink, as configured.
 */
final class StreamPump implements Runnable {

  /** Lines longer than this are delivered to the sink in pieces. */
  static final int MAX_LINE_BYTES = 64 * 1024;

  private final StreamKind kind;
  private final InputStream in;
  private final TailBuffer tail; // nullable
  private final OutputStream file; // nullable
  private final LineConsumer lines; // nullable
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private boolean pendingCr; // the previous byte was a \r that ended a line
  private final Thread thread;
  private volatile IOException readFailure;
  private volatile IOException fileFailure;

  /** Receives decoded lines. */
  interface LineConsumer {
    void accept(StreamKind kind, String line);
  }

  StreamPump(
      StreamKind kind,
      InputStream in,
      TailBuffer tail,
      OutputStream file,
      LineConsumer lines,
      String threadName) {
    this.kind = kind;
    this.in = in;
    this.tail = tail;
    this.file = file;
    this.lines = lines;
    this.thread = new Thread(this, threadName);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * Waits for the pump to reach end of stream.
   *
   * @param millis the longest wait, {@code <= 0} to only check
   * @return {@code true} if the pump has finished
   * @throws InterruptedException if the waiting thread is interrupted
   */
  boolean join(long millis) throws InterruptedException {
    if (millis > 0) {
      thread.join(millis);
    }
    return !thread.isAlive();
  }

  IOException readFailure() {
    return readFailure;
  }

  IOException fileFailure() {
    return fileFailure;
  }

  @Override
  public void run() {
    byte[] buf = new byte[64 * 1024];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (n == 0) {
          continue;
        }
        if (tail != null) {
          tail.write(buf, 0, n);
        }
        if (file != null && fileFailure == null) {
          try {
            file.write(buf, 0, n);
          } catch (IOException e) {
            fileFailure = e; // keep draining so the process does not block
          }
        }
        if (lines != null) {
          split(buf, n);
        }
      }
      if (lines != null && line.size() > 0) {
        emit(line.toByteArray(), line.size());
      }
    } catch (IOException e) {
      readFailure = e;
    } finally {
      closeQuietly(in);
      if (file != null) {
        try {
          file.close();
        } catch (IOException e) {
          if (fileFailure == null) {
            fileFailure = e;
          }
        }
      }
    }
  }

  /**
   * Splits bytes into lines. {@code \n}, {@code \r\n} and a lone {@code \r} (progress output that
   * redraws its line) all end a line.
   */
  private void split(byte[] buf, int n) {
    int start = 0;
    for (int i = 0; i < n; i++) {
      byte b = buf[i];
      if (b == '\n' || b == '\r') {
        boolean crlf = b == '\n' && pendingCr && i == start && line.size() == 0;
        pendingCr = b == '\r';
        if (crlf) {
          start = i + 1; // the \n of a \r\n whose \r already ended the line
          continue;
        }
        line.write(buf, start, i - start);
        flushLine();
        start = i + 1;
      } else {
        pendingCr = false;
        if (line.size() + (i - start) >= MAX_LINE_BYTES) {
          line.write(buf, start, i - start);
          flushLongLine();
          start = i;
        }
      }
    }
    line.write(buf, start, n - start);
  }

  private void flushLine() {
    emit(line.toByteArray(), line.size());
    line.reset();
  }

  /** Emits a too-long line up to the last character boundary and keeps the rest. */
  private void flushLongLine() {
    byte[] b = line.toByteArray();
    int cut = b.length;
    int back = 0;
    while (cut > 0 && back < 4 && (b[cut - 1] & 0xC0) == 0x80) {
      cut--;
      back++;
    }
    if (cut > 0 && back < 4 && (b[cut - 1] & 0xC0) == 0xC0) {
      cut--; // lead byte of the cut character goes with its continuation bytes
    } else {
      cut = b.length;
    }
    emit(b, cut);
    line.reset();
    line.write(b, cut, b.length - cut);
  }

  private void emit(byte[] b, int len) {
    lines.accept(kind, new String(b, 0, len, StandardCharsets.UTF_8));
  }

  private static void closeQuietly(InputStream s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing left to read
    }
  }
}
