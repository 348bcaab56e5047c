package io.insightflow.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on a loopback port that breaks connections on purpose, for fault-injection tests.
 * Each direction of each connection is checked at byte offsets spaced by a random distance in
 * {@code [minGap, maxGap)}; at each check a fault strikes with probability {@code rate} (from a
 * seeded random), or for sure while {@link #strikeNext(int)} has strikes left:
 * <ul>
 *   <li>{@link Fault#RESET}: both sockets are closed with a TCP reset;</li>
 *   <li>{@link Fault#TRUNCATE}: both sockets are closed normally, so the peer sees the body end early;</li>
 *   <li>{@link Fault#STALL}: forwarding pauses for {@code stallMillis}, then goes on.</li>
 * </ul>
 * Exchanges smaller than {@code minGap} (S3 listings, HEAD, manifests) pass untouched, so the faults
 * land inside object bodies, in uploads as in downloads. Counters say how many faults struck.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(s3.endpoint(), 0.3, 64 * 1024, 512 * 1024, 42, EnumSet.allOf(Fault.class), 1500)) {
 *   S3Options viaProxy = s3.options().toBuilder().endpoint(proxy.endpoint()).build();
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {

  /** What happens to a connection that is hit. */
  public enum Fault { RESET, TRUNCATE, STALL }

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final double rate;
  private final long minGap;
  private final long maxGap;
  private final Random random;
  private final Set<Fault> faults;
  private final long stallMillis;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final Set<Socket> open = Collections.synchronizedSet(new HashSet<>());
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger resets = new AtomicInteger();
  private final AtomicInteger truncations = new AtomicInteger();
  private final AtomicInteger stalls = new AtomicInteger();
  private volatile double currentRate;
  private int forced;
  private int forcedCount;
  private final AtomicInteger cutsLeft = new AtomicInteger();
  private final AtomicInteger cutReplies = new AtomicInteger();
  private volatile byte[] armMarker;
  private volatile byte[] cutMarker;

  private FaultProxy(URI target, double rate, long minGap, long maxGap, long seed, Set<Fault> faults,
      long stallMillis) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.target = new InetSocketAddress(target.getHost(), target.getPort());
    this.rate = rate;
    this.currentRate = rate;
    this.minGap = minGap;
    this.maxGap = maxGap;
    this.random = new Random(seed);
    this.faults = Set.copyOf(faults);
    this.stallMillis = stallMillis;
    threads.submit(this::acceptLoop);
  }

  /**
   * Starts a proxy in front of {@code target} ({@code http://host:port}).
   *
   * @param rate probability that a fault strikes at a check, 0 to 1
   * @param minGap fewest bytes between two checks of one direction of a connection
   * @param maxGap most bytes (exclusive) between two checks
   * @param seed seed of the random choices
   * @param faults the faults to choose from
   * @param stallMillis how long a {@link Fault#STALL} pauses
   */
  public static FaultProxy start(URI target, double rate, long minGap, long maxGap, long seed,
      Set<Fault> faults, long stallMillis) {
    try {
      return new FaultProxy(target, rate, minGap, maxGap, seed, faults, stallMillis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The proxy's URL, {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Stops injecting faults into new connections (0) or sets a new rate. */
  public void rate(double rate) {
    this.currentRate = rate;
  }

  /** Makes the next {@code n} checks strike for sure, cycling through the faults, so each kind is seen. */
  public void strikeNext(int n) {
    synchronized (random) {
      forced += n;
    }
  }

  /**
   * For the next {@code times} requests that contain {@code marker} (such as {@code COMMIT} in the
   * PostgreSQL protocol, unencrypted) on a connection that earlier sent {@code after} (such as
   * {@code INSERT INTO}), lets the request through and resets the connection instead of passing on
   * the answer: the server did the work, the client never hears of it.
   */
  public void cutReplyAfter(String after, String marker, int times) {
    armMarker = after.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    cutMarker = marker.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    cutsLeft.set(times);
  }

  /** Answers dropped by {@link #cutReplyAfter}. */
  public int cutReplies() {
    return cutReplies.get();
  }

  /** Restores the rate given at start. */
  public void resetRate() {
    this.currentRate = rate;
  }

  public int connections() {
    return connections.get();
  }

  public int resets() {
    return resets.get();
  }

  public int truncations() {
    return truncations.get();
  }

  public int stalls() {
    return stalls.get();
  }

  /** Faults that struck, of any kind. */
  public int faults() {
    return resets() + truncations() + stalls();
  }

  /** Stops accepting and resets every open connection, like a server that died. */
  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    synchronized (open) {
      open.forEach(FaultProxy::resetQuietly);
    }
    threads.shutdownNow();
  }

  @Override
  public String toString() {
    return "FaultProxy[" + endpoint() + " -> " + target + ", connections=" + connections + ", resets=" + resets
        + ", truncations=" + truncations + ", stalls=" + stalls + "]";
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        connections.incrementAndGet();
        threads.submit(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try {
      Socket upstream = new Socket();
      upstream.connect(target, 5_000);
      open.add(client);
      open.add(upstream);
      Connection c = new Connection(client, upstream);
      threads.submit(() -> c.pump(client, upstream));
      c.pump(upstream, client);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  /** The fault of the next check: a forced one first, else one with probability {@code rate}, else none. */
  private Fault decide() {
    List<Fault> kinds = faults.stream().sorted().toList();
    synchronized (random) {
      if (forced > 0) {
        forced--;
        return kinds.get(forcedCount++ % kinds.size());
      }
      return random.nextDouble() < currentRate ? kinds.get(random.nextInt(kinds.size())) : null;
    }
  }

  private long gap() {
    synchronized (random) {
      return Math.max(1, minGap + (long) (random.nextDouble() * (maxGap - minGap)));
    }
  }

  /** One proxied connection; each of its two pumps checks its own direction. */
  private final class Connection {
    private final Socket client;
    private final Socket upstream;
    private volatile boolean cutNextReply;
    private boolean armed;

    Connection(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void pump(Socket from, Socket to) {
      byte[] buf = new byte[8192];
      long carried = 0;
      long nextCheck = gap();
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          if (from == client && cutMarker != null) {
            armed |= contains(buf, n, armMarker);
            if (armed && contains(buf, n, cutMarker) && cutsLeft.getAndDecrement() > 0) {
              cutNextReply = true; // set before the request goes on, so the answer cannot slip past
            }
          } else if (from == upstream && cutNextReply) {
            cutReplies.incrementAndGet();
            resetQuietly(client);
            resetQuietly(upstream);
            return;
          }
          int pos = 0;
          while (pos < n) {
            int chunk = (int) Math.min(n - pos, nextCheck - carried);
            out.write(buf, pos, chunk);
            pos += chunk;
            carried += chunk;
            if (carried == nextCheck) {
              out.flush();
              nextCheck += gap();
              Fault fault = decide();
              if (fault != null && !strike(fault)) {
                return;
              }
            }
          }
          out.flush();
        }
      } catch (IOException e) {
        // the other side went away, or a fault closed the sockets
      } finally {
        closeQuietly(client);
        closeQuietly(upstream);
        open.remove(client);
        open.remove(upstream);
      }
    }

    /** Applies a fault; returns whether to go on pumping. */
    private boolean strike(Fault fault) throws IOException {
      switch (fault) {
        case RESET -> {
          resets.incrementAndGet();
          resetQuietly(client);
          resetQuietly(upstream);
          return false;
        }
        case TRUNCATE -> {
          truncations.incrementAndGet();
          closeQuietly(client);
          closeQuietly(upstream);
          return false;
        }
        default -> {
          stalls.incrementAndGet();
          try {
            Thread.sleep(stallMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
          return true;
        }
      }
    }
  }

  private static boolean contains(byte[] buf, int length, byte[] marker) {
    outer:
    for (int i = 0; i + marker.length <= length; i++) {
      for (int j = 0; j < marker.length; j++) {
        if (buf[i + j] != marker[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static void resetQuietly(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException ignored) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
