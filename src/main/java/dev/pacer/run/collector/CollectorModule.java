package dev.pacer.run.collector;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.run.collector.command.CommandCollector;
import dev.pacer.run.collector.file.FileCollector;
import dev.pacer.run.collector.http.HttpCollector;
import dev.pacer.run.collector.sql.SqlCollector;
import dev.pacer.run.collector.tcp.TcpCollector;

/** The built-in collectors, and the registry that adds the plug-ins of {@code lib/} to them. */
public final class CollectorModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(Collectors.class);
    bind(CollectorPlugins.class);
    Multibinder<Collector> builtIns = Multibinder.newSetBinder(binder(), Collector.class);
    builtIns.addBinding().to(DemoCollector.class);
    builtIns.addBinding().to(NoopCollector.class);
    builtIns.addBinding().to(HttpCollector.class);
    builtIns.addBinding().to(TcpCollector.class);
    builtIns.addBinding().to(SqlCollector.class);
    builtIns.addBinding().to(CommandCollector.class);
    builtIns.addBinding().to(FileCollector.class);
  }
}
