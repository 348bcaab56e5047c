package io.insightflow.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system mounted for a test, to fill it up: a tmpfs where {@code mount -t tmpfs}
 * is allowed, else a loop-mounted ext4 image. {@link #resize} grows or shrinks it in place;
 * {@link #close()} unmounts it. {@link #mount} returns null where neither can be mounted (no root).
 */
public final class SmallFileSystem implements AutoCloseable {

  private final Path mountPoint;
  private final Path image;
  private final String kind;

  private SmallFileSystem(Path mountPoint, Path image, String kind) {
    this.mountPoint = mountPoint;
    this.image = image;
    this.kind = kind;
  }

  /**
   * Mounts a file system of {@code megabytes} MiB on a new directory under {@code parent}.
   *
   * @return the mounted file system, or null when this machine allows no mount
   */
  public static SmallFileSystem mount(Path parent, int megabytes) throws IOException, InterruptedException {
    Path dir = Files.createDirectories(parent.resolve("small-fs"));
    if (run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "insightflow-test", dir.toString()) == 0) {
      return new SmallFileSystem(dir, null, "tmpfs");
    }
    Path image = parent.resolve("small-fs.img");
    if (run("truncate", "-s", megabytes + "M", image.toString()) == 0
        && run("mkfs.ext4", "-q", "-F", image.toString()) == 0
        && run("mount", "-o", "loop", image.toString(), dir.toString()) == 0) {
      return new SmallFileSystem(dir, image, "ext4 loop image");
    }
    return null;
  }

  /** Where it is mounted. */
  public Path root() {
    return mountPoint;
  }

  /** {@code tmpfs} or {@code ext4 loop image}. */
  public String kind() {
    return kind;
  }

  /** Changes the size (a tmpfs in place; an ext4 image is grown with resize2fs). */
  public void resize(int megabytes) throws IOException, InterruptedException {
    boolean done = image == null
        ? run("mount", "-o", "remount,size=" + megabytes + "m", mountPoint.toString()) == 0
        : run("truncate", "-s", megabytes + "M", image.toString()) == 0
            && run("sh", "-c", "losetup -c $(findmnt -n -o SOURCE " + mountPoint + ") && resize2fs -f $(findmnt -n -o SOURCE "
                + mountPoint + ")") == 0;
    if (!done) {
      throw new IOException("Cannot resize " + this + " to " + megabytes + " MiB");
    }
  }

  /** Every file left under {@code dir}, relative to it. */
  public static List<String> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (run("umount", mountPoint.toString()) != 0) {
      run("umount", "-l", mountPoint.toString()); // a file left open must not keep the mount: detach it
      throw new IOException("Cannot unmount " + this + ": a file on it is still open");
    }
    if (image != null) {
      Files.deleteIfExists(image);
    }
  }

  @Override
  public String toString() {
    return kind + " at " + mountPoint;
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
