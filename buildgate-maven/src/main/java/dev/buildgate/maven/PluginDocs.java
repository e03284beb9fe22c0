package dev.buildgate.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Checks a plugin's generated descriptor ({@code target/classes/META-INF/maven/plugin.xml}) against
 * its hand-written guides and the naming scheme: every user-settable parameter has a description;
 * every parameter's property lives under {@code buildgate.} (DESIGN-NOTES "Names for the long
 * term": {@code buildgate.<plugin>.<name>}, or a shared {@code buildgate.<name>} such as {@code
 * buildgate.registry}), and a skip property is {@code buildgate.<plugin>.skip} or {@code
 * buildgate.<plugin>.<goal>.skip}; every property a guide names ({@code
 * `buildgate.docker.noCache`}, {@code -Dbuildgate.docker.scan.skip}, and the pre-namespace spelling
 * {@code -Ddocker.scan.skip}, so a stale name is caught) is a property of one of the plugin's
 * parameters, and every element directly under this plugin's {@code <configuration>} in a guide's
 * XML example is a parameter. Each plugin's {@code PluginDocsTest} runs it (in main, not a
 * test-jar, so the release build, which skips tests, resolves nothing extra).
 */
public final class PluginDocs {
  private static final Set<String> FILE_SUFFIXES =
      Set.of("json", "sarif", "md", "xml", "log", "yaml", "yml", "txt", "html");
  private static final Pattern TAG =
      Pattern.compile("<!--.*?-->|<(/?)([A-Za-z][\\w.-]*)[^>]*?(/?)>", Pattern.DOTALL);

  private PluginDocs() {}

  /**
   * The problems, one line each (empty when the guides and the descriptor agree).
   *
   * @param pluginDir the plugin module's directory
   * @param prefix the goal prefix, e.g. {@code docker}: the properties checked start with it
   * @param guides the guides, relative to {@code pluginDir}
   * @return the problems
   * @throws Exception if a file cannot be read or parsed
   */
  public static List<String> problems(Path pluginDir, String prefix, String... guides)
      throws Exception {
    Document d =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(pluginDir.resolve("target/classes/META-INF/maven/plugin.xml").toFile());
    List<String> problems = new ArrayList<>();
    Set<String> params = new HashSet<>();
    Set<String> properties = new HashSet<>();
    NodeList mojos = d.getElementsByTagName("mojo");
    Set<String> goals = new HashSet<>();
    for (int i = 0; i < mojos.getLength(); i++) {
      goals.add(text((Element) mojos.item(i), "goal"));
    }
    for (int i = 0; i < mojos.getLength(); i++) {
      Element mojo = (Element) mojos.item(i);
      String goal = text(mojo, "goal");
      for (Element p : children(child(mojo, "parameters"))) {
        if (!"true".equals(text(p, "editable"))) {
          continue;
        }
        params.add(text(p, "name"));
        if (text(p, "description").isBlank()) {
          problems.add(
              prefix + ":" + goal + " parameter " + text(p, "name") + " has no description");
        }
      }
      for (Element c : children(child(mojo, "configuration"))) {
        Matcher m = Pattern.compile("\\$\\{([^}]+)}").matcher(c.getTextContent());
        while (m.find()) {
          properties.add(m.group(1));
          // the generated help goal's detail/goal/indentSize/lineLength are maven-plugin-tools'
          String naming = "help".equals(goal) ? null : namingProblem(m.group(1), prefix, goals);
          if (naming != null) {
            problems.add(
                prefix + ":" + goal + " parameter " + c.getTagName() + ": property " + naming);
          }
        }
      }
    }
    Pattern property =
        Pattern.compile(
            "(?:`|-D)((?:buildgate\\.)?" + Pattern.quote(prefix) + "\\.[A-Za-z][\\w.]*[\\w])");
    for (String guide : guides) {
      String text = withoutExportedSection(Files.readString(pluginDir.resolve(guide)));
      Set<String> unknown = new TreeSet<>();
      Matcher m = property.matcher(text);
      while (m.find()) {
        String name = m.group(1);
        String last = name.substring(name.lastIndexOf('.') + 1);
        // a file name (quality.sarif) or a port the plugin exports (integration.web.8080)
        boolean notAParameter =
            FILE_SUFFIXES.contains(last)
                || last.chars().allMatch(Character::isDigit)
                || name.startsWith("integration.kube."); // the Kubernetes outputs
        if (!properties.contains(name) && !notAParameter) {
          unknown.add(name);
        }
      }
      unknown.forEach(n -> problems.add(guide + ": property " + n + " is not a parameter's"));
      for (String element : configurationElements(text, pluginDir.getFileName().toString())) {
        if (!params.contains(element)) {
          problems.add(guide + ": <" + element + "> in an example is not a parameter");
        }
      }
    }
    return problems;
  }

  /**
   * Why a parameter's property breaks the naming scheme, or null when it follows it: the property
   * is {@code buildgate.<prefix>.<name>} or a shared {@code buildgate.<name>} (no further dot), and
   * a {@code .skip} property is {@code buildgate.<prefix>.skip} or {@code
   * buildgate.<prefix>.<goal>.skip}.
   */
  static String namingProblem(String property, String prefix, Set<String> goals) {
    String own = "buildgate." + prefix + ".";
    if (!property.startsWith(own)) {
      boolean shared =
          property.startsWith("buildgate.") && property.indexOf('.', "buildgate.".length()) < 0;
      return shared
          ? null
          : property + " is outside " + own + " (DESIGN-NOTES \"Names for the long term\")";
    }
    String rest = property.substring(own.length());
    if (rest.endsWith(".skip") && !goals.contains(rest.substring(0, rest.length() - 5))) {
      return property + " is not " + own + "skip or " + own + "<goal>.skip";
    }
    return null;
  }

  /** Properties the plugin sets for others (a section named "Exported ...") are not parameters. */
  private static String withoutExportedSection(String text) {
    return text.replaceAll("(?ms)^(#+) Exported[^\\n]*\\n.*?(?=^#{1,3} |\\z)", "");
  }

  /** The elements directly under {@code <configuration>} of this plugin in XML examples. */
  private static Set<String> configurationElements(String text, String artifactId) {
    Set<String> out = new TreeSet<>();
    Matcher plugin =
        Pattern.compile(
                "<artifactId>" + Pattern.quote(artifactId) + "</artifactId>(.*?)</plugin>",
                Pattern.DOTALL)
            .matcher(text);
    while (plugin.find()) {
      Matcher conf =
          Pattern.compile("<configuration>(.*?)</configuration>", Pattern.DOTALL)
              .matcher(plugin.group(1));
      if (!conf.find()) {
        continue;
      }
      int depth = 0;
      Matcher tag = TAG.matcher(conf.group(1));
      while (tag.find()) {
        if (tag.group(2) == null) {
          continue; // a comment
        }
        if (!tag.group(1).isEmpty()) {
          depth--;
          continue;
        }
        if (depth == 0) {
          out.add(tag.group(2));
        }
        if (tag.group(3).isEmpty()) {
          depth++;
        }
      }
    }
    return out;
  }

  private static Element child(Element e, String name) {
    for (Element c : children(e)) {
      if (c.getTagName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  private static List<Element> children(Element e) {
    List<Element> out = new ArrayList<>();
    if (e == null) {
      return out;
    }
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c) {
        out.add(c);
      }
    }
    return out;
  }

  private static String text(Element e, String name) {
    Element c = child(e, name);
    return c == null ? "" : c.getTextContent().trim();
  }
}
