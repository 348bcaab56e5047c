package io.insightflow.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightflow.api.LakeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link ObjectStore} must have. A store implementation's test extends this
 * class and returns a fresh, empty store from {@link #newStore()}. Ships in core's test-jar.
 */
public abstract class ObjectStoreContract {

  /** Above {@code 40 MiB}, so an S3 store configured with a lower threshold goes multipart. */
  protected static final int LARGE_SIZE = 41 * 1024 * 1024 + 123;

  protected ObjectStore store;

  /** A new, empty store; the contract closes it after each test. */
  protected abstract ObjectStore newStore() throws Exception;

  /**
   * Writes an object under {@code key} as another writer could, bypassing the store's key check
   * (keys with control characters or backslashes, say), in the store {@link #newStore()} made last.
   */
  protected abstract void putUnchecked(String key, byte[] content) throws Exception;

  @BeforeEach
  void openStore() throws Exception {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void put_bytes_roundTrips() throws IOException {
    ObjectInfo info = store.put("data/a.csv", bytes("hello"));

    assertThat(info.key()).isEqualTo("data/a.csv");
    assertThat(info.size()).isEqualTo(5);
    assertThat(read("data/a.csv")).isEqualTo("hello");
  }

  @Test
  void put_file_roundTripsAndConsumesFile() throws IOException {
    Path staged = store.newStagingFile();
    Files.writeString(staged, "from a file");

    ObjectInfo info = store.put("data/b.csv", staged);

    assertThat(info.size()).isEqualTo(11);
    assertThat(read("data/b.csv")).isEqualTo("from a file");
    assertThat(staged).doesNotExist();
  }

  @Test
  void put_existingKey_replacesContent() throws IOException {
    store.put("k", bytes("old content"));
    store.put("k", bytes("new"));

    assertThat(read("k")).isEqualTo("new");
    assertThat(store.stat("k")).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(3));
  }

  @Test
  void put_rewrittenContent_changesEtag() {
    ObjectInfo first = store.put("k", bytes("v1"));
    ObjectInfo second = store.put("k", bytes("v2")); // same size, immediately after

    assertThat(second.etag()).isNotEqualTo(first.etag());
    assertThat(store.stat("k").orElseThrow().etag()).isEqualTo(second.etag());
    assertThat(second.etag()).isNotEmpty().doesNotContain("\"");
  }

  @Test
  void list_withPrefix_returnsAscendingKeysUnderPrefix() {
    for (String key : List.of("t/b/2.csv", "t/a/1.csv", "t/a/0.csv", "u/x.csv", "t/c.csv")) {
      store.put(key, bytes(key));
    }

    assertThat(keys(store.list("t/"))).containsExactly("t/a/0.csv", "t/a/1.csv", "t/b/2.csv", "t/c.csv");
    assertThat(keys(store.list(""))).containsExactly(
        "t/a/0.csv", "t/a/1.csv", "t/b/2.csv", "t/c.csv", "u/x.csv");
    assertThat(keys(store.list("nothing/"))).isEmpty();
  }

  @Test
  void list_prefixNotAtFolderBoundary_matchesPartialNames() {
    for (String key : List.of("data/ba/x", "data/batch/y", "data/bb", "data/b")) {
      store.put(key, bytes(key));
    }

    assertThat(keys(store.list("data/ba"))).containsExactly("data/ba/x", "data/batch/y");
    assertThat(keys(store.list("data/b"))).containsExactly("data/b", "data/ba/x", "data/batch/y", "data/bb");
  }

  @Test
  void list_startAfter_returnsOnlyLaterKeysInKeyOrder() {
    // '-' and '.' sort before '/', '0' after it: a flat key and a folder interleave by full key.
    for (String key : List.of("b", "a0", "a/d/e", "a/c", "a.txt", "a-b")) {
      store.put(key, bytes(key));
    }

    assertThat(keys(store.list(""))).containsExactly("a-b", "a.txt", "a/c", "a/d/e", "a0", "b");
    assertThat(keys(store.list("", "a-b"))).containsExactly("a.txt", "a/c", "a/d/e", "a0", "b");
    assertThat(keys(store.list("a", "a-b"))).containsExactly("a.txt", "a/c", "a/d/e", "a0");
    assertThat(keys(store.list("", "a/"))).containsExactly("a/c", "a/d/e", "a0", "b");
    assertThat(keys(store.list("", "a/d"))).containsExactly("a/d/e", "a0", "b");
    assertThat(keys(store.list("a/", "a/c"))).containsExactly("a/d/e");
    assertThat(keys(store.list("a/", null))).containsExactly("a/c", "a/d/e");
    assertThat(keys(store.list("", "a0"))).containsExactly("b");
    assertThat(keys(store.list("", "b"))).isEmpty();
    assertThat(keys(store.list("", ""))).hasSize(6);
  }

  @Test
  void stat_missing_isEmpty() {
    assertThat(store.stat("missing/key.csv")).isEmpty();
  }

  @Test
  void stat_existing_reportsSizeAndEtag() {
    store.put("s/x", bytes("12345"));

    ObjectInfo info = store.stat("s/x").orElseThrow();

    assertThat(info.key()).isEqualTo("s/x");
    assertThat(info.name()).isEqualTo("x");
    assertThat(info.size()).isEqualTo(5);
    assertThat(info.etag()).isNotEmpty().doesNotContain("\"");
  }

  @Test
  void open_missing_throwsLakeExceptionWithKey() {
    assertThatThrownBy(() -> store.open("missing.csv").close())
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("missing.csv")
        .satisfies(e -> assertThat(((LakeException) e).objectKey()).isEqualTo("missing.csv"));
  }

  @Test
  void delete_missing_isFine() {
    assertThatCode(() -> store.delete("never/was")).doesNotThrowAnyException();
  }

  @Test
  void delete_existing_removesObject() {
    store.put("d/x", bytes("x"));

    store.delete("d/x");

    assertThat(store.stat("d/x")).isEmpty();
    assertThat(keys(store.list("d/"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"../escape", "a/../../b", "a/./b", "/abs", "a//b", "a\\b", "a/"})
  void put_badKey_isRejected(String key) {
    assertThatThrownBy(() -> store.put(key, bytes("x"))).isInstanceOf(LakeException.class);
    assertThatThrownBy(() -> store.stat(key)).isInstanceOf(LakeException.class);
    assertThatThrownBy(() -> store.open(key)).isInstanceOf(LakeException.class);
    assertThatThrownBy(() -> store.delete(key)).isInstanceOf(LakeException.class);
  }

  @Test
  void newStagingFile_isNotListed() throws IOException {
    Path staged = store.newStagingFile();
    Files.writeString(staged, "pending");
    store.put("visible.csv", bytes("v"));

    assertThat(keys(store.list(""))).containsExactly("visible.csv");

    store.put("staged.csv", staged);
    assertThat(keys(store.list(""))).containsExactly("staged.csv", "visible.csv");
  }

  @Test
  void put_largeFile_roundTripsWithSameSha256() throws Exception {
    Path staged = store.newStagingFile();
    String expected = writeRandom(staged, LARGE_SIZE);

    ObjectInfo info = store.put("big/part.bin", staged);

    assertThat(info.size()).isEqualTo(LARGE_SIZE);
    assertThat(store.stat("big/part.bin")).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(LARGE_SIZE));
    try (InputStream in = store.open("big/part.bin")) {
      assertThat(sha256(in)).isEqualTo(expected);
    }
    assertThat(staged).doesNotExist();
  }

  @Test
  void close_twice_isFine() {
    store.close();
    assertThatCode(store::close).doesNotThrowAnyException();
  }

  @Test
  void describe_isNotEmpty() {
    assertThat(store.describe()).isNotBlank();
  }

  // [#19] open(ObjectInfo): exactly the version a listing saw, or a failure naming the key.

  @Test
  void openListed_unchanged_readsExactlyTheListedBytes() throws IOException {
    store.put("v/a.csv", bytes("id,name\n1,x\n"));
    ObjectInfo listed = infos(store.list("v/")).get(0);

    try (InputStream in = store.open(listed)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes("id,name\n1,x\n"));
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void openListed_emptyObject_readsNothing() throws IOException {
    ObjectInfo listed = store.put("v/empty.csv", new byte[0]);

    assertThat(readListed(listed)).isEmpty();
  }

  @Test
  void openListed_rewrittenBetweenListAndOpen_failsNamingKeyAndBothVersions() {
    ObjectInfo listed = store.put("v/a.csv", bytes("old content"));
    ObjectInfo now = store.put("v/a.csv", bytes("new, longer content"));

    assertThatThrownBy(() -> readListed(listed))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("v/a.csv")
        .hasMessageContaining(listed.version())
        .hasMessageContaining(now.version())
        .satisfies(e -> assertThat(((LakeException) e).objectKey()).isEqualTo("v/a.csv"));
  }

  @Test
  void openListed_sameSizeRewriteBetweenListAndOpen_fails() {
    ObjectInfo listed = store.put("v/a.csv", bytes("aaaa"));
    store.put("v/a.csv", bytes("bbbb"));

    assertThatThrownBy(() -> readListed(listed))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("v/a.csv")
        .hasMessageContaining(listed.etag());
  }

  @Test
  void openListed_deletedBetweenListAndOpen_failsNamingKey() {
    ObjectInfo listed = store.put("v/a.csv", bytes("gone soon"));
    store.delete("v/a.csv");

    assertThatThrownBy(() -> readListed(listed))
        .isInstanceOf(LakeException.class)
        .hasMessageContaining("v/a.csv")
        .hasMessageContaining("exist");
  }

  /** A listing that promised more bytes than the object has: a truncated read must not pass. */
  @Test
  void openListed_fewerBytesThanListed_fails() {
    ObjectInfo real = store.put("v/a.csv", bytes("12345"));
    ObjectInfo listed = new ObjectInfo(real.key(), real.size() + 3, real.etag(), real.lastModified());

    assertThatThrownBy(() -> readListed(listed))
        .isInstanceOfAny(LakeException.class, ObjectChangedException.class)
        .hasMessageContaining("v/a.csv")
        .hasMessageContaining("8 bytes");
  }

  @Test
  void openListed_moreBytesThanListed_fails() {
    ObjectInfo real = store.put("v/a.csv", bytes("12345"));
    ObjectInfo listed = new ObjectInfo(real.key(), real.size() - 2, real.etag(), real.lastModified());

    assertThatThrownBy(() -> readListed(listed))
        .isInstanceOfAny(LakeException.class, ObjectChangedException.class)
        .hasMessageContaining("v/a.csv");
  }

  /** Whatever a store can see of a replacement during the read, it never hands out other bytes. */
  @Test
  void openListed_replacedWhileRead_readsTheListedBytesOrThrowsObjectChanged() throws IOException {
    byte[] v1 = randomBytes(1 << 20, 1);
    byte[] v2 = randomBytes(1 << 20, 2);
    ObjectInfo listed = store.put("v/big.bin", v1);

    try (InputStream in = store.open(listed)) {
      byte[] head = in.readNBytes(1024);
      store.put("v/big.bin", v2);
      byte[] rest;
      try {
        rest = in.readAllBytes();
      } catch (ObjectChangedException e) {
        assertThat(e.objectKey()).isEqualTo("v/big.bin");
        assertThat(e).hasMessageContaining("v/big.bin").hasMessageContaining("changed while it was read");
        return;
      }
      assertThat(concat(head, rest)).isEqualTo(v1);
    }
  }

  // [#19] A name no key can hold is skipped, with one escaped warning, and never stops the listing.

  @Test
  void list_keysNoObjectKeyCanHold_areSkippedWithOneEscapedWarningEach() throws Exception {
    store.put("t/a.csv", bytes("a"));
    store.put("t/z.csv", bytes("z"));
    List<String> bad = List.of("t/\n[INFO] BUILD SUCCESS", "t/cr\r.csv", "t/tab\t.csv", "t/del\u007f.csv",
        "t/c1\u0085.csv", "t/back\\slash.csv");
    for (String key : bad) {
      putUnchecked(key, bytes("forged"));
    }

    List<String> listed = new ArrayList<>();
    String log = stderrOf(() -> listed.addAll(keys(store.list("t/"))));

    assertThat(listed).containsExactly("t/a.csv", "t/z.csv");
    assertThat(warnings(log)).hasSize(bad.size()).allSatisfy(line -> assertThat(line).contains(store.describe()));
    assertThat(log.lines()).noneMatch(line -> line.startsWith("[INFO] BUILD SUCCESS"));
    assertThat(log).contains("t/\\n[INFO] BUILD SUCCESS", "t/cr\\r.csv", "t/tab\\t.csv", "t/del\\u007f.csv");
  }

  protected static List<ObjectInfo> infos(Stream<ObjectInfo> listing) {
    try (listing) {
      return listing.toList();
    }
  }

  /** Reads an object through {@link ObjectStore#open(ObjectInfo)} to its end. */
  protected byte[] readListed(ObjectInfo listed) throws IOException {
    try (InputStream in = store.open(listed)) {
      return in.readAllBytes();
    }
  }

  /** What {@code action} wrote to the log (slf4j-simple writes to whatever {@code System.err} is). */
  protected static String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** The lines of a captured log that warn of a skipped entry. */
  protected static List<String> warnings(String log) {
    return log.lines().filter(line -> line.contains("WARN") && line.contains("Skipping")).toList();
  }

  protected static byte[] randomBytes(int size, long seed) {
    byte[] content = new byte[size];
    new Random(seed).nextBytes(content);
    return content;
  }

  protected static byte[] concat(byte[] a, byte[] b) {
    byte[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  protected static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  protected String read(String key) throws IOException {
    try (InputStream in = store.open(key)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  protected static List<String> keys(Stream<ObjectInfo> listing) {
    try (listing) {
      return listing.map(ObjectInfo::key).toList();
    }
  }

  /** Writes {@code size} pseudo-random bytes (incompressible, deterministic) and returns their SHA-256. */
  protected static String writeRandom(Path file, long size) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    Random random = new Random(42);
    byte[] buffer = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= buffer.length) {
        random.nextBytes(buffer);
        int n = (int) Math.min(buffer.length, left);
        out.write(buffer, 0, n);
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  protected static String sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (DigestInputStream din = new DigestInputStream(in, digest)) {
      din.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
