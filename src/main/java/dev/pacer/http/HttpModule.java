package dev.pacer.http;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

public final class HttpModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(WebServer.class);
    Multibinder.newSetBinder(binder(), Endpoint.class);
  }
}
