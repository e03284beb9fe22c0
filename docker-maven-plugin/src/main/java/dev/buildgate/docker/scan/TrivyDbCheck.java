package dev.buildgate.docker.scan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

/**
 * Checks Trivy's vulnerability database ({@code trivy.db}, a bbolt file) before a scan trusts it.
 *
 * <p>Trivy opens a damaged file without complaint: a truncated copy either panics deep inside bbolt
 * or, worse, reads the missing pages as empty and reports fewer vulnerabilities, so the gate would
 * pass. This check reads the file the way bbolt lays it out and fails on anything bbolt would trip
 * over later:
 *
 * <ul>
 *   <li>the two meta pages: magic, version 2, a sane page size and their FNV-64a checksums (at
 *       least one must be valid; the one with the higher transaction id is current, as in bbolt);
 *   <li>the file holds every page below the meta's high-water mark (a truncated file does not);
 *   <li>every page of the B+tree, nested buckets included, is inside the file, says it is the page
 *       it was reached as, is a branch or leaf page, has its elements inside its bounds, and is
 *       reached once;
 *   <li>the root holds Trivy's {@code vulnerability} bucket.
 * </ul>
 *
 * It reads page headers and elements only; it does not validate the advisories' JSON.
 */
final class TrivyDbCheck {

  private static final int MAGIC = 0xED0CDAED;
  private static final int VERSION = 2;
  private static final int PAGE_HEADER = 16;
  private static final int ELEMENT = 16;
  private static final int BRANCH = 0x01;
  private static final int LEAF = 0x02;
  private static final int META = 0x04;
  private static final int BUCKET_LEAF = 0x01;
  private static final int BUCKET_HEADER = 16;
  private static final int MAX_DEPTH = 64;

  private TrivyDbCheck() {}

  /** The database is damaged; the message says how (one line). */
  static final class DamagedException extends Exception {
    private static final long serialVersionUID = 1L;

    DamagedException(String message) {
      super(message);
    }
  }

  /**
   * Checks {@code <dbDir>/trivy.db}.
   *
   * @param dbDir the database directory ({@code <cache>/db})
   * @return false when there is no {@code trivy.db} (nothing to check: Trivy says so itself)
   * @throws DamagedException when the file is damaged
   * @throws IOException when it cannot be read
   */
  static boolean check(Path dbDir) throws DamagedException, IOException {
    Path file = dbDir.resolve("trivy.db");
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      new Walk(ch, ch.size()).run();
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private static final class Walk {
    private final FileChannel ch;
    private final long size;
    private int pageSize;
    private long highWater;
    private final BitSet seen = new BitSet();
    private boolean vulnerabilityBucket;

    Walk(FileChannel ch, long size) {
      this.ch = ch;
      this.size = size;
    }

    void run() throws DamagedException, IOException {
      if (size < 2 * 1024) {
        throw new DamagedException("trivy.db has only " + size + " bytes");
      }
      Meta m0 = meta(0, read(0, (int) Math.min(size, 4096)));
      Meta m1 = null;
      if (m0 != null) {
        m1 = size >= 2L * m0.pageSize ? meta(1, read(m0.pageSize, m0.pageSize)) : null;
      } else {
        for (int ps = 1024; ps <= 65536 && m1 == null; ps *= 2) {
          m1 = size >= 2L * ps ? meta(1, read(ps, Math.min(ps, 4096))) : null;
        }
      }
      Meta m = m0 == null ? m1 : m1 == null || m0.txid > m1.txid ? m0 : m1;
      if (m == null) {
        throw new DamagedException("no valid bbolt meta page");
      }
      pageSize = m.pageSize;
      highWater = m.highWater;
      if (highWater < 3 || highWater > size / pageSize + 1_000_000_000L) {
        throw new DamagedException("bbolt meta page has an impossible page count " + highWater);
      }
      if (size < highWater * pageSize) {
        throw new DamagedException(
            "the file is truncated: " + size + " bytes, bbolt needs " + highWater * pageSize);
      }
      tree(m.root, 0, true);
      if (!vulnerabilityBucket) {
        throw new DamagedException("it has no 'vulnerability' bucket");
      }
    }

    private Meta meta(long id, ByteBuffer b) {
      if (b.remaining() < PAGE_HEADER + 64) {
        return null;
      }
      if (b.getLong(0) != id || (b.getShort(8) & META) == 0) {
        return null;
      }
      int at = PAGE_HEADER;
      if (b.getInt(at) != MAGIC || b.getInt(at + 4) != VERSION) {
        return null;
      }
      int ps = b.getInt(at + 8);
      if (ps < 1024 || ps > 65536 || Integer.bitCount(ps) != 1) {
        return null;
      }
      byte[] covered = new byte[56];
      b.get(at, covered);
      if (fnv64a(covered) != b.getLong(at + 56)) {
        return null;
      }
      return new Meta(ps, b.getLong(at + 16), b.getLong(at + 40), b.getLong(at + 48));
    }

    /** Walks the B+tree of a bucket whose root is a page. */
    private void tree(long pgid, int depth, boolean top) throws DamagedException, IOException {
      if (depth > MAX_DEPTH) {
        throw new DamagedException("the bucket tree is deeper than " + MAX_DEPTH);
      }
      if (pgid < 2 || pgid >= highWater) {
        throw new DamagedException("a page reference " + pgid + " is outside the file");
      }
      if (seen.get((int) pgid)) {
        throw new DamagedException("page " + pgid + " is reached twice");
      }
      ByteBuffer head = read(pgid * pageSize, PAGE_HEADER);
      long id = head.getLong(0);
      int flags = head.getShort(8) & 0xffff;
      int count = head.getShort(10) & 0xffff;
      long overflow = head.getInt(12) & 0xffffffffL;
      if (id != pgid) {
        throw new DamagedException("page " + pgid + " says it is page " + id);
      }
      if (pgid + overflow >= highWater) {
        throw new DamagedException("page " + pgid + " runs past the end of the file");
      }
      seen.set((int) pgid, (int) (pgid + overflow + 1));
      int length = (int) Math.min((overflow + 1) * pageSize, Integer.MAX_VALUE);
      if (flags == BRANCH) {
        ByteBuffer p = read(pgid * pageSize, length);
        elements(p, count, pgid);
        for (int i = 0; i < count; i++) {
          tree(p.getLong(PAGE_HEADER + i * ELEMENT + 8), depth + 1, top);
        }
      } else if (flags == LEAF) {
        leaf(read(pgid * pageSize, length), count, pgid, depth, top);
      } else {
        throw new DamagedException("page " + pgid + " is neither a branch nor a leaf");
      }
    }

    /** The elements of a leaf page (or an inline bucket's page): recurses into nested buckets. */
    private void leaf(ByteBuffer p, int count, long pgid, int depth, boolean top)
        throws DamagedException, IOException {
      elements(p, count, pgid);
      for (int i = 0; i < count; i++) {
        int e = PAGE_HEADER + i * ELEMENT;
        if ((p.getInt(e) & BUCKET_LEAF) == 0) {
          continue;
        }
        int key = e + p.getInt(e + 4);
        int ksize = p.getInt(e + 8);
        int vsize = p.getInt(e + 12);
        if (top && ksize == 13) {
          byte[] k = new byte[ksize];
          p.get(key, k);
          vulnerabilityBucket |= new String(k, StandardCharsets.US_ASCII).equals("vulnerability");
        }
        if (vsize < BUCKET_HEADER) {
          throw new DamagedException("page " + pgid + " has a bucket without a header");
        }
        int value = key + ksize;
        long root = p.getLong(value);
        if (root != 0) {
          tree(root, depth + 1, false);
        } else if (vsize > BUCKET_HEADER) {
          ByteBuffer inline =
              p.slice(value + BUCKET_HEADER, vsize - BUCKET_HEADER).order(ByteOrder.LITTLE_ENDIAN);
          if (inline.remaining() < PAGE_HEADER || (inline.getShort(8) & 0xffff) != LEAF) {
            throw new DamagedException("page " + pgid + " has a broken inline bucket");
          }
          leaf(inline, inline.getShort(10) & 0xffff, pgid, depth + 1, false);
        }
      }
    }

    /** Every element's key (and value) lies inside the page. */
    private static void elements(ByteBuffer p, int count, long pgid) throws DamagedException {
      long limit = p.limit();
      if (PAGE_HEADER + (long) count * ELEMENT > limit) {
        throw new DamagedException("page " + pgid + " has more elements than fit in it");
      }
      boolean branch = (p.getShort(8) & BRANCH) != 0;
      for (int i = 0; i < count; i++) {
        int e = PAGE_HEADER + i * ELEMENT;
        long pos = p.getInt(e + (branch ? 0 : 4)) & 0xffffffffL;
        long ksize = p.getInt(e + (branch ? 4 : 8)) & 0xffffffffL;
        long vsize = branch ? 0 : p.getInt(e + 12) & 0xffffffffL;
        if (e + pos + ksize + vsize > limit) {
          throw new DamagedException("page " + pgid + " has an element outside the page");
        }
      }
    }

    private ByteBuffer read(long offset, int length) throws IOException, DamagedException {
      if (offset + length > size) {
        throw new DamagedException("the file ends inside the page at byte " + offset);
      }
      ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
      while (b.hasRemaining()) {
        if (ch.read(b, offset + b.position()) < 0) {
          throw new DamagedException("the file ends inside the page at byte " + offset);
        }
      }
      return b.flip();
    }
  }

  private record Meta(int pageSize, long root, long highWater, long txid) {}

  private static long fnv64a(byte[] data) {
    long h = 0xcbf29ce484222325L;
    for (byte x : data) {
      h ^= x & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
