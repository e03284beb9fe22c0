package dev.buildgate.integration.compose;

import dev.buildgate.core.gate.Echo;
import dev.buildgate.core.io.InputLimits;
import dev.buildgate.integration.IntegrationConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads and writes compose YAML the way compose (YAML 1.2 core schema) sees it: {@code on}/{@code
 * yes} stay strings, {@code 22:22} is not a base-60 number, timestamps stay strings, merge keys
 * ({@code <<: *anchor}) are resolved. Strings that another reader could take for a number, bool,
 * null or timestamp are quoted on output, so the rendered file means what the original meant.
 */
final class ComposeYaml {
  private static final Pattern Y12_NULL = Pattern.compile("^(?:~|null|Null|NULL|)$");
  private static final Pattern Y12_BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
  private static final Pattern Y12_INT = Pattern.compile("^[-+]?(?:0|[1-9][0-9]*)$");
  private static final Pattern Y12_FLOAT =
      Pattern.compile("^[-+]?(?:[0-9]+\\.[0-9]*|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?$");
  private static final Pattern Y12_MERGE = Pattern.compile("^<<$");
  // What a YAML 1.1 reader (or go-yaml's legacy forms) could read as something else than a string.
  private static final Pattern Y12_AMBIGUOUS =
      Pattern.compile(
          "^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF"
              + "|[-+]?0[0-7_]+|[-+]?0[xX][0-9a-fA-F_]+|[-+]?0[bB][01_]+|[-+]?0o[0-7_]+"
              + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?"
              + "|[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
              + "|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)|[-+]?[0-9_]+"
              + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$");

  private ComposeYaml() {}

  /** Narrow: exactly the plain scalars that are constructed as non-strings when loading. */
  private static final class LoadResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, Y12_BOOL, "tTfF");
      addImplicitResolver(Tag.INT, Y12_INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, Y12_FLOAT, "-+0123456789.");
      addImplicitResolver(Tag.MERGE, Y12_MERGE, "<");
      addImplicitResolver(Tag.NULL, Y12_NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, Pattern.compile("^$"), null);
    }
  }

  /** Broad: any string matching one of these is quoted on output. */
  private static final class DumpResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.BOOL, Y12_BOOL, "tTfF");
      addImplicitResolver(Tag.NULL, Y12_NULL, "~nN\0");
      addImplicitResolver(Tag.NULL, Pattern.compile("^$"), null);
      addImplicitResolver(Tag.MERGE, Y12_MERGE, "<");
      addImplicitResolver(Tag.INT, Y12_INT, "-+0123456789");
      addImplicitResolver(Tag.FLOAT, Y12_FLOAT, "-+0123456789.");
      addImplicitResolver(Tag.YAML, Y12_AMBIGUOUS, null);
    }
  }

  private static final class BlockRepresenter extends Representer {
    BlockRepresenter(DumperOptions options) {
      super(options);
      Represent plain = this.representers.get(String.class);
      this.representers.put(
          String.class,
          data -> {
            String s = (String) data;
            if (s.indexOf('\n') >= 0 && !s.contains(" \n") && !s.startsWith(" ")) {
              return representScalar(Tag.STR, s, DumperOptions.ScalarStyle.LITERAL);
            }
            return plain.representData(data);
          });
    }
  }

  static Object load(Path file) throws IntegrationConfigException, IOException {
    LoaderOptions lo = InputLimits.yamlLoaderOptions();
    Yaml yaml =
        new Yaml(
            new SafeConstructor(lo),
            new Representer(dumperOptions()),
            dumperOptions(),
            lo,
            new LoadResolver());
    Object doc;
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      doc = yaml.load(r);
    } catch (YAMLException | IllegalArgumentException e) {
      // IllegalArgumentException: a tag's value the constructor cannot read (bad !!binary, !!int)
      String msg =
          e.getMessage() == null
              ? e.getClass().getSimpleName()
              : Echo.of(e.getMessage().replaceAll("\\s*[\\r\\n]+\\s*", " "), 500);
      throw new IntegrationConfigException(
          "compose file " + file + " is not valid YAML: " + msg + "; fix the file.");
    }
    try {
      InputLimits.checkExpansion(doc);
    } catch (IllegalArgumentException e) {
      throw new IntegrationConfigException(
          "compose file " + file + " is refused: " + e.getMessage() + "; fix the file.");
    }
    return doc;
  }

  static String dump(Object model) {
    DumperOptions d = dumperOptions();
    LoaderOptions lo = new LoaderOptions();
    Yaml yaml =
        new Yaml(new SafeConstructor(lo), new BlockRepresenter(d), d, lo, new DumpResolver());
    return yaml.dump(model);
  }

  private static DumperOptions dumperOptions() {
    DumperOptions d = new DumperOptions();
    d.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    d.setIndent(2);
    d.setIndicatorIndent(2);
    d.setIndentWithIndicator(true);
    d.setWidth(4096);
    d.setSplitLines(false);
    d.setLineBreak(DumperOptions.LineBreak.UNIX);
    return d;
  }
}
