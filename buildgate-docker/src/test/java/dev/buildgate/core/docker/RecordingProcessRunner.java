package dev.buildgate.core.docker;

import dev.buildgate.core.exec.LineSink;
import dev.buildgate.core.exec.ProcessResult;
import dev.buildgate.core.exec.ProcessRunner;
import dev.buildgate.core.exec.ProcessSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A test seam: records every spec and answers with a canned result. */
final class RecordingProcessRunner implements ProcessRunner {
  final List<ProcessSpec> specs = new ArrayList<>();
  private final Function<ProcessSpec, ProcessResult> answer;

  RecordingProcessRunner(Function<ProcessSpec, ProcessResult> answer) {
    this.answer = answer;
  }

  static ProcessResult result(ProcessSpec spec, int exit, String stdout) {
    return new ProcessResult(spec.argv(), exit, stdout, "", false, Duration.ZERO);
  }

  @Override
  public synchronized ProcessResult run(ProcessSpec spec, LineSink sink) {
    specs.add(spec);
    return answer.apply(spec);
  }
}
