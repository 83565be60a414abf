package dev.cronstone.node;

import dev.cronstone.error.CronstoneException;
import dev.cronstone.error.ErrorCode;
import java.sql.SQLException;
import java.util.List;

/** Why a node could not start, with the code the operator acts on. */
final class NodeStartException {
  private NodeStartException() {}

  static CronstoneException of(String nodeId, Exception e) {
    if (e instanceof CronstoneException ce) {
      return ce;
    }
    ErrorCode code =
        causedBy(e, SQLException.class) ? ErrorCode.STORE_UNAVAILABLE : ErrorCode.INTERNAL_ERROR;
    return new CronstoneException(
        code, "node " + nodeId + " cannot start: " + rootMessage(e), null, List.of(), e);
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
