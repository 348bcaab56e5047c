package io.insightflow.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.insightflow.api.InsightflowConfigException;
import io.insightflow.api.LakeException;
import io.insightflow.spi.ObjectChangedException;
import io.insightflow.spi.ObjectInfo;
import io.insightflow.spi.ObjectStore;
import io.insightflow.spi.ObjectStoreContract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends ObjectStoreContract {

  @TempDir
  Path dir;

  /** The lake's directory. */
  Path lake;

  @Override
  protected ObjectStore newStore() {
    lake = dir.resolve("lake");
    return new LocalObjectStore(lake);
  }

  @Override
  protected void putUnchecked(String key, byte[] content) throws IOException {
    Path file = lake.resolve(key);
    Files.createDirectories(file.getParent());
    Files.write(file, content);
  }

  @Test
  void constructor_parentIsRegularFile_throwsConfigExceptionNamingLake() throws IOException {
    // Tests run as root, which ignores permissions: a regular file in the path fails for everyone.
    Path file = Files.writeString(dir.resolve("plain-file"), "x");

    assertThatThrownBy(() -> new LocalObjectStore(file.resolve("lake")))
        .isInstanceOf(InsightflowConfigException.class)
        .hasMessageContaining("insightflow.lake")
        .satisfies(e -> assertThat(((InsightflowConfigException) e).key()).isEqualTo("insightflow.lake"));
  }

  @Test
  void put_file_publishesUnderRootAndHidesStagingFolder() throws IOException {
    store.put("data/x.csv", bytes("x"));

    assertThat(dir.resolve("lake/data/x.csv")).hasContent("x");
    assertThat(dir.resolve("lake").resolve(LocalObjectStore.STAGING)).isDirectory();
    assertThat(store.describe()).startsWith("file:");
  }

  // [#19] Symbolic links are not objects: never followed, never listed, never read.

  @Test
  void linkToFileOutsideLake_isSkippedByListingAndRefusedByStatAndOpen() throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "password=hunter2");
    store.put("data/t/good.csv", bytes("good"));
    Files.createSymbolicLink(lake.resolve("data/t/secret.csv"), secret);

    assertListsOnlyWithWarningsFor(List.of("data/t/good.csv"), "data/t/secret.csv");
    assertNotAnObject("data/t/secret.csv");
  }

  @Test
  void linkToFolderOutsideLake_isSkippedByListingAndRefusedByStatAndOpen() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.csv"), "password=hunter2");
    store.put("data/t/good.csv", bytes("good"));
    Files.createSymbolicLink(lake.resolve("data/t/dir"), outside);

    assertListsOnlyWithWarningsFor(List.of("data/t/good.csv"), "data/t/dir");
    assertNotAnObject("data/t/dir/secret.csv");
    String log = stderrOf(() -> assertThat(keys(store.list("data/t/dir/"))).isEmpty());
    assertThat(warnings(log)).singleElement().asString().contains("data/t/dir");
  }

  @Test
  void linkInsideLake_isNotAnObjectEither() throws IOException {
    store.put("data/t/good.csv", bytes("good"));
    Files.createSymbolicLink(lake.resolve("data/t/alias.csv"), lake.resolve("data/t/good.csv"));
    Files.createSymbolicLink(lake.resolve("data/u"), Path.of("t")); // relative, to a folder of the lake

    assertListsOnlyWithWarningsFor(List.of("data/t/good.csv"), "data/t/alias.csv", "data/u");
    assertNotAnObject("data/t/alias.csv");
    assertNotAnObject("data/u/good.csv");
  }

  @Test
  void linkCycle_listingEndsAndSkipsEveryLink() throws IOException {
    store.put("data/t/good.csv", bytes("good"));
    Files.createSymbolicLink(lake.resolve("data/t/loop"), lake.resolve("data")); // a folder holding itself
    Files.createSymbolicLink(lake.resolve("data/t/a"), Path.of("b"));
    Files.createSymbolicLink(lake.resolve("data/t/b"), Path.of("a"));

    assertListsOnlyWithWarningsFor(List.of("data/t/good.csv"), "data/t/a", "data/t/b", "data/t/loop");
    assertNotAnObject("data/t/loop/t/good.csv");
    assertNotAnObject("data/t/a");
  }

  @Test
  void put_throughLinkedFolder_isRefusedAndWritesNothingOutside() throws IOException {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createDirectories(lake.resolve("data"));
    Files.createSymbolicLink(lake.resolve("data/t"), outside);

    assertThatThrownBy(() -> store.put("data/t/x.csv", bytes("x")))
        .isInstanceOf(LakeException.class).hasMessageContaining("data/t/x.csv").hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> store.delete("data/t/x.csv")).isInstanceOf(LakeException.class);
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  void rootReachedThroughLink_isALakeLikeAnyOther() throws IOException {
    Path real = Files.createDirectories(dir.resolve("real-lake"));
    Path link = Files.createSymbolicLink(dir.resolve("linked-lake"), real);
    try (LocalObjectStore linked = new LocalObjectStore(link)) {
      ObjectInfo info = linked.put("data/t/x.csv", bytes("x"));

      assertThat(keys(linked.list("data/"))).containsExactly("data/t/x.csv");
      assertThat(linked.stat("data/t/x.csv")).contains(info);
      try (InputStream in = linked.open(info)) {
        assertThat(in.readAllBytes()).isEqualTo(bytes("x"));
      }
      assertThat(real.resolve("data/t/x.csv")).hasContent("x");
    }
  }

  // [#19] Names no key can hold: skipped, one escaped warning each, the rest still listed.

  @Test
  void list_folderNamedWithNewline_isSkippedWholeWithOneWarning() throws IOException {
    store.put("t/a.csv", bytes("a"));
    putUnchecked("t/bad\n[INFO] BUILD SUCCESS/x.csv", bytes("x"));
    putUnchecked("t/bad\n[INFO] BUILD SUCCESS/y.csv", bytes("y"));

    List<String> listed = new ArrayList<>();
    String log = stderrOf(() -> listed.addAll(keys(store.list("t/"))));

    assertThat(listed).containsExactly("t/a.csv");
    assertThat(warnings(log)).singleElement().asString().contains("t/bad\\n[INFO] BUILD SUCCESS");
    assertThat(log.lines()).noneMatch(line -> line.startsWith("[INFO]"));
  }

  @Test
  void list_nameNotValidUtf8_isSkippedWithOneWarning() throws Exception {
    store.put("t/a.csv", bytes("a"));
    // Java cannot name such a file itself (names are text); the shell's printf writes the byte 0xFF.
    Process shell = new ProcessBuilder("sh", "-c", "printf x > \"$(printf 'bad\\377.csv')\"")
        .directory(lake.resolve("t").toFile()).redirectErrorStream(true).start();
    assumeThat(shell.waitFor()).as("sh could create the file").isZero();

    List<String> listed = new ArrayList<>();
    String log = stderrOf(() -> listed.addAll(keys(store.list("t/"))));

    assertThat(listed).containsExactly("t/a.csv");
    assertThat(warnings(log)).singleElement().asString().contains("t/bad").contains("not valid text");
  }

  @Test
  void list_prefixWithBadFolder_throwsNamingIt() {
    assertThatThrownBy(() -> keys(store.list("../")))
        .isInstanceOf(LakeException.class).hasMessageContaining("..");
  }

  // [#19] In-place rewrites of a local file while it is read.

  @Test
  void openListed_rewrittenInPlaceWithSameSizeWhileRead_throwsObjectChanged() throws IOException {
    ObjectInfo listed = putOld("t/x.csv", "1,first\n2,second\n");

    assertChangedWhileRead(listed, "1,FIRST\n2,SECOND\n");
  }

  @Test
  void openListed_truncatedInPlaceWhileRead_throwsObjectChanged() throws IOException {
    ObjectInfo listed = putOld("t/x.csv", "1,first\n2,second\n");

    assertChangedWhileRead(listed, "1,first\n2,se");
  }

  @Test
  void openListed_grownInPlaceWhileRead_throwsObjectChanged() throws IOException {
    ObjectInfo listed = putOld("t/x.csv", "1,first\n2,second\n");

    assertChangedWhileRead(listed, "1,first\n2,second\n3,third\n");
  }

  @Test
  void openListed_rewrittenInPlaceBetweenListAndOpen_failsAtOpen() throws IOException {
    ObjectInfo listed = putOld("t/x.csv", "1,first\n");
    Files.writeString(lake.resolve("t/x.csv"), "1,FIRST\n", StandardOpenOption.TRUNCATE_EXISTING);

    assertThatThrownBy(() -> readListed(listed))
        .isInstanceOf(LakeException.class).hasMessageContaining("t/x.csv").hasMessageContaining(listed.etag());
  }

  /** Equal bytes, but another file: the reader cannot know, so it loads next time. */
  @Test
  void openListed_renameReplacedWithEqualContentWhileRead_throwsObjectChanged() throws IOException {
    ObjectInfo listed = putOld("t/x.csv", "1,first\n");

    try (InputStream in = store.open(listed)) {
      assertThat(in.readNBytes(2)).isEqualTo(bytes("1,"));
      store.put("t/x.csv", bytes("1,first\n"));

      assertThatThrownBy(in::readAllBytes).isInstanceOf(ObjectChangedException.class).hasMessageContaining("t/x.csv");
    }
  }

  /** Puts an object written an hour ago, so any rewrite now has another modification time. */
  private ObjectInfo putOld(String key, String content) throws IOException {
    store.put(key, bytes(content));
    Files.setLastModifiedTime(lake.resolve(key), FileTime.from(Instant.now().minusSeconds(3600)));
    return store.stat(key).orElseThrow();
  }

  /** Opens {@code listed}, reads a little, rewrites the file in place (same inode), reads on. */
  private void assertChangedWhileRead(ObjectInfo listed, String rewrite) throws IOException {
    try (InputStream in = store.open(listed)) {
      assertThat(in.readNBytes(4)).isEqualTo(bytes("1,fi"));
      Files.writeString(lake.resolve(listed.key()), rewrite, StandardOpenOption.TRUNCATE_EXISTING);

      assertThatThrownBy(in::readAllBytes)
          .isInstanceOf(ObjectChangedException.class)
          .hasMessageContaining(listed.key())
          .hasMessageContaining("changed while it was read")
          .satisfies(e -> assertThat(((ObjectChangedException) e).objectKey()).isEqualTo(listed.key()));
      assertThatThrownBy(in::read).isInstanceOf(ObjectChangedException.class);
    }
  }

  private void assertListsOnlyWithWarningsFor(List<String> expected, String... links) {
    List<String> listed = new ArrayList<>();
    String log = stderrOf(() -> listed.addAll(keys(store.list("data/"))));

    assertThat(listed).containsExactlyElementsOf(expected);
    List<String> warnings = warnings(log);
    assertThat(warnings).hasSize(links.length);
    for (int i = 0; i < links.length; i++) {
      assertThat(warnings.get(i)).contains(links[i]).contains("symbolic link");
    }
  }

  private void assertNotAnObject(String key) {
    ObjectInfo forged = new ObjectInfo(key, 16, "10-0", Instant.EPOCH);
    assertThatThrownBy(() -> store.stat(key))
        .isInstanceOf(LakeException.class).hasMessageContaining(key).hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> store.open(key).close())
        .isInstanceOf(LakeException.class).hasMessageContaining(key).hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> readListed(forged))
        .isInstanceOf(LakeException.class).hasMessageContaining(key).hasMessageContaining("symbolic link");
  }
}
