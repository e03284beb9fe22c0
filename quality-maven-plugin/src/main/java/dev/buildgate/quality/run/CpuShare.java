package dev.buildgate.quality.run;

/**
 * Keeps the plugin's own work (reading a finished tool's output, gating, writing its reports) off
 * the CPUs while the analyzers still running, and the results already being processed, occupy all
 * of them: on a small machine, parsing Ruff's findings while mypy and Bandit use both cores only
 * slows the slowest tool down, so the goal ends later; done on the core a finished tool leaves
 * free, it costs no wall time.
 */
final class CpuShare {

  private final int cpus;
  private int running;

  CpuShare(int cpus) {
    this.cpus = Math.max(1, cpus);
  }

  /** A tool process starts: it takes a CPU at once (tools never wait). */
  synchronized void started() {
    running++;
  }

  /** A tool process, or the work after it, ended: its CPU is free. */
  synchronized void finished() {
    running--;
    notifyAll();
  }

  /**
   * Waits until a CPU is free (the running tools and results being processed end or time out, so
   * this ends too), then takes it until {@link #finished()}.
   *
   * @throws InterruptedException when interrupted while waiting
   */
  synchronized void takeFreeCpu() throws InterruptedException {
    while (running >= cpus) {
      wait();
    }
    running++;
  }
}
