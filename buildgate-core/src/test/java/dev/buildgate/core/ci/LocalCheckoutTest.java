package dev.buildgate.core.ci;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCheckoutTest {

  @TempDir Path tmp;

  @Test
  void preferredTag() {
    assertThat(LocalCheckout.preferredTag(java.util.List.of())).isNull();
    assertThat(LocalCheckout.preferredTag(java.util.List.of("b", "a"))).isEqualTo("b");
    assertThat(
            LocalCheckout.preferredTag(java.util.List.of("a", "v2.0.0", "v10.0.0", "3.0.0-rc.1")))
        .isEqualTo("v10.0.0");
  }

  @Test
  void withoutCheckoutOnlyTheEventIsKnown() {
    CiFields f = new CiFields(LocalCheckout.ID);
    LocalCheckout.read(Optional.empty(), f);
    assertThat(f.event).isEqualTo(CiEvent.LOCAL);
    assertThat(f.branch).isNull();
    assertThat(f.sha).isNull();
  }

  @Test
  void fillGapsKeepsWhatTheCiSystemTold() throws Exception {
    GitRepo repo = GitRepo.init(tmp.resolve("repo"), "main");
    String sha = repo.commit("a.txt", "a");
    repo.git("remote", "add", "origin", "https://github.com/Acme/Widget.git");
    LocalGit git = LocalGit.find(repo.dir).orElseThrow();

    CiFields f = new CiFields("jenkins");
    f.owner = "Told";
    LocalCheckout.fillGaps(git, f);
    assertThat(f.sha).isEqualTo(sha);
    assertThat(f.repository).isEqualTo("Acme/Widget");
    assertThat(f.owner).isEqualTo("Told");

    CiFields told = new CiFields("jenkins");
    told.sha = "abc1234";
    told.repository = "x/y";
    LocalCheckout.fillGaps(git, told);
    assertThat(told.sha).isEqualTo("abc1234");
    assertThat(told.repository).isEqualTo("x/y");
    assertThat(told.owner).isNull();
  }
}
