package dev.buildgate.quality.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CpuShareTest {

  @Test
  void aFinishedToolWaitsWhileTheOthersOccupyEveryCpu() throws Exception {
    CpuShare share = new CpuShare(2);
    share.started(); // mypy
    share.started(); // bandit
    CountDownLatch processed = new CountDownLatch(1);
    Thread ruffOutput =
        new Thread(
            () -> {
              try {
                share.takeFreeCpu();
                processed.countDown();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    ruffOutput.start();
    assertThat(processed.await(200, TimeUnit.MILLISECONDS)).isFalse();
    share.finished(); // mypy ends: one CPU is free
    assertThat(processed.await(10, TimeUnit.SECONDS)).isTrue();
    ruffOutput.join();
  }

  @Test
  void withACpuFreeNothingWaits() throws Exception {
    CpuShare share = new CpuShare(2);
    share.started();
    share.takeFreeCpu(); // returns at once
    new CpuShare(0).takeFreeCpu(); // at least one CPU is assumed
  }
}
