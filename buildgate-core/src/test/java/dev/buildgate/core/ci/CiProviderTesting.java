package dev.buildgate.core.ci;

import java.util.LinkedHashMap;
import java.util.Map;

/** Runs one provider on an environment, as the detector does, without checkout or overrides. */
final class CiProviderTesting {

  private CiProviderTesting() {}

  static CiFields read(CiProvider provider, String... kv) {
    CiFields f = new CiFields(provider.id());
    provider.read(new CiEnv(env(kv)), f);
    return f;
  }

  static boolean detects(CiProvider provider, String... kv) {
    return provider.detects(new CiEnv(env(kv)));
  }

  static Map<String, String> env(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }
}
