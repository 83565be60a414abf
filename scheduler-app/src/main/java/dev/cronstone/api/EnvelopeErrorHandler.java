package dev.cronstone.api;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself (a malformed request line or URI, a request it could not dispatch):
 * the same envelope as every other error, never an HTML page or a stack trace.
 */
final class EnvelopeErrorHandler extends ErrorHandler {
  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus() < 400 ? 500 : response.getStatus();
    Object message = request.getAttribute(ERROR_MESSAGE);
    String text = status < 500 && message instanceof String s ? s : null;
    response.setStatus(status);
    ApiHandler.secure(response);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Call.JSON);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(ApiJson.bytes(Errors.protocol(status, text))), callback);
    return true;
  }
}
