package dev.strata.jcache.support;

import dev.strata.redis.launcher.RedisNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a free loopback port that forwards to one Redis server, and can be frozen: while
 * frozen it forwards no byte in either direction but closes no socket, so the client sees a network
 * partition it cannot detect (connections stay up, requests are never answered). Bytes read while
 * frozen are held and delivered on {@link #thaw()}; connections accepted while frozen are held too.
 * One thread per direction of each connection.
 *
 * <p>Use it as {@code redis://127.0.0.1:<port()>?namespace=...} (see {@link #uri(String)}).
 */
public final class FreezableProxy implements AutoCloseable {

  private final String targetHost;
  private final int targetPort;
  private final ServerSocket server;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final Object gate = new Object();
  private volatile boolean frozen;
  private volatile boolean closed;

  /** Starts a proxy to {@code redis}. */
  public FreezableProxy(RedisNode redis) {
    this(redis.host(), redis.port());
  }

  /** Starts a proxy to {@code host:port}. */
  public FreezableProxy(String host, int port) {
    this.targetHost = host;
    this.targetPort = port;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the proxy's port", e);
    }
    Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The loopback port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** A manager URI through this proxy: {@code redis://127.0.0.1:<port>?namespace=<namespace>}. */
  public String uri(String namespace) {
    return "redis://127.0.0.1:" + port() + "?namespace=" + namespace;
  }

  /** Stops forwarding in both directions; no socket is closed. */
  public void freeze() {
    frozen = true;
  }

  /** Forwards again, starting with the bytes held while frozen. */
  public void thaw() {
    synchronized (gate) {
      frozen = false;
      gate.notifyAll();
    }
  }

  /** Whether the proxy is frozen. */
  public boolean frozen() {
    return frozen;
  }

  /** Closes the listening socket and every forwarded connection. */
  @Override
  public void close() {
    closed = true;
    thaw();
    closeQuietly(server);
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      sockets.add(client);
      Thread connector = new Thread(() -> connect(client), "proxy-connect-" + port());
      connector.setDaemon(true);
      connector.start();
    }
  }

  private void connect(Socket client) {
    Socket upstream = new Socket();
    sockets.add(upstream);
    try {
      awaitThawed();
      upstream.connect(new InetSocketAddress(targetHost, targetPort), 5_000);
      client.setTcpNoDelay(true);
      upstream.setTcpNoDelay(true);
    } catch (IOException | InterruptedException e) {
      closeQuietly(client);
      closeQuietly(upstream);
      return;
    }
    pump(client, upstream, "up");
    pump(upstream, client, "down");
  }

  private void pump(Socket from, Socket to, String direction) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        int n;
        while ((n = in.read(buffer)) >= 0) {
          awaitThawed();
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException e) {
        // a socket closed: close the pair below
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "proxy-" + direction + "-" + port());
    t.setDaemon(true);
    t.start();
  }

  private void awaitThawed() throws InterruptedException {
    synchronized (gate) {
      while (frozen && !closed) {
        gate.wait();
      }
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
