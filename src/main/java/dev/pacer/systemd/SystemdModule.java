package dev.pacer.systemd;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.node.NodeService;

public final class SystemdModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(SystemdEnvironment.class);
    Multibinder.newSetBinder(binder(), NodeService.class).addBinding().to(SystemdNotifier.class);
  }
}
