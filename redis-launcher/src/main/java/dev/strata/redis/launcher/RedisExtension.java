package dev.strata.redis.launcher;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that hands tests a running standalone {@link RedisNode}. One server is shared by
 * every test class of a run (started lazily, stopped when the run ends, also after failures); a test
 * that needs a private server, for example to stop or restart it, asks for {@link PrivateRedis}.
 */
public final class RedisExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RedisExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RedisNode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    if (parameter.isAnnotated(PrivateRedis.class)) {
      // stored in the test's own context, so it is closed when that test (or class) ends
      return context.getStore(NS)
          .getOrComputeIfAbsent("private-" + parameter.getIndex() + "-" + parameter.getDeclaringExecutable(),
              k -> new ClosableNode(RedisLauncher.startStandalone()), ClosableNode.class).node;
    }
    ClosableNode shared = context.getRoot().getStore(NS)
        .getOrComputeIfAbsent("shared", k -> new ClosableNode(RedisLauncher.startStandalone()), ClosableNode.class);
    if (shared == null) {
      throw new ParameterResolutionException("could not start redis-server");
    }
    return shared.node;
  }

  /** Wraps a node so that JUnit closes it with the store that holds it. */
  static final class ClosableNode implements ExtensionContext.Store.CloseableResource {
    final RedisNode node;

    ClosableNode(RedisNode node) {
      this.node = node;
    }

    @Override
    public void close() {
      node.close();
    }
  }
}
