package dev.cronstone.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TailBufferTest {
  /** A stream handing out its bytes in reads of varying sizes, some larger than the tail. */
  static InputStream uneven(byte[] bytes, long seed) {
    Random random = new Random(seed);
    return new ByteArrayInputStream(bytes) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, 1 + random.nextInt(300)));
      }
    };
  }

  @Test
  void keeps_exactly_the_last_cap_bytes_whatever_the_reads() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5000; i++) {
      text.append("line ").append(i).append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    for (int cap : new int[] {1, 7, 100, 4096, bytes.length, bytes.length + 10}) {
      TailBuffer tail = new TailBuffer(cap);
      tail.drain(uneven(bytes, cap));
      int kept = Math.min(cap, bytes.length);
      assertThat(tail.text())
          .as("cap %d", cap)
          .isEqualTo(new String(bytes, bytes.length - kept, kept, StandardCharsets.UTF_8));
      assertThat(tail.truncated()).isEqualTo(bytes.length > cap);
    }
  }

  @Test
  void a_read_larger_than_the_tail_keeps_its_own_end() throws Exception {
    TailBuffer tail = new TailBuffer(5);
    tail.drain(
        new ByteArrayInputStream("abcdefghijklmnopqrstuvwxyz".getBytes(StandardCharsets.UTF_8)));
    assertThat(tail.text()).isEqualTo("vwxyz");
    assertThat(tail.truncated()).isTrue();
  }
}
