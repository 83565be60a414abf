package dev.cronstone.service;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * A connection lent by {@link DirectDataSource}: its {@code close()} gives the session back instead
 * of ending it. A session whose settings were changed (read-only, isolation, schema, catalog,
 * network timeout, client info) is ended on close, so the next user never inherits them; an open
 * transaction is rolled back by the data source, as closing a connection does.
 */
final class ReturnedConnection implements InvocationHandler {
  /** What the connection is given back through: the session, and whether it may be reused. */
  interface Back {
    void giveBack(Connection connection, boolean reusable);
  }

  private static final Set<String> SETTINGS =
      Set.of(
          "setReadOnly",
          "setTransactionIsolation",
          "setSchema",
          "setCatalog",
          "setNetworkTimeout",
          "setClientInfo",
          "setHoldability",
          "setTypeMap");

  private final Connection session;
  private final Back back;
  private boolean returned;
  private boolean changed;

  private ReturnedConnection(Connection session, Back back) {
    this.session = session;
    this.back = back;
  }

  static Connection lend(Connection session, Back back) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new ReturnedConnection(session, back));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "close":
        if (!returned) {
          returned = true;
          back.giveBack(session, !changed);
        }
        return null;
      case "isClosed":
        return returned || session.isClosed();
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "lent " + session;
      default:
        break;
    }
    if (returned) {
      throw new SQLException("connection closed");
    }
    if (SETTINGS.contains(method.getName())) {
      changed = true;
    }
    try {
      return method.invoke(session, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
