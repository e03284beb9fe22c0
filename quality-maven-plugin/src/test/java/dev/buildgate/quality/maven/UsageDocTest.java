package dev.buildgate.quality.maven;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * The XML a new user copies from USAGE.md must be well-formed (an XML comment with "--" in it once
 * broke the POM) and name only parameters the plugin has.
 */
class UsageDocTest {

  @Test
  void everyXmlExampleIsWellFormedAndUsesRealParameters() throws Exception {
    String usage = Files.readString(Path.of("USAGE.md"));
    Matcher m = Pattern.compile("```xml\\n(.*?)\\n```", Pattern.DOTALL).matcher(usage);
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(2);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    for (String block : blocks) {
      Document doc =
          f.newDocumentBuilder()
              .parse(
                  new ByteArrayInputStream(
                      ("<root>" + block + "</root>").getBytes(StandardCharsets.UTF_8)));
      assertThat(doc.getDocumentElement().getChildNodes().getLength()).isPositive();
    }
    String pom = blocks.get(0);
    for (String field :
        List.of(
            "workingDirectory",
            "runner",
            "version",
            "configFile",
            "strict",
            "envFrom",
            "excludes",
            "threshold",
            "confidence")) {
      assertThat(pom).contains("<" + field + ">");
    }
    // parameters named in the example exist on the mojo or the analyzer blocks
    for (String field : List.of("workingDirectory", "runner")) {
      assertThat(AbstractQualityMojo.class.getDeclaredField(field)).isNotNull();
    }
    for (String field : List.of("version", "configFile", "envFrom", "excludes", "threshold")) {
      assertThat(AnalyzerParameters.class.getDeclaredField(field)).isNotNull();
    }
    assertThat(MypyParameters.class.getDeclaredField("strict")).isNotNull();
    assertThat(BanditParameters.class.getDeclaredField("confidence")).isNotNull();
    assertThat(SarifToolParameters.class.getDeclaredField("okExitCodes")).isNotNull();
  }
}
