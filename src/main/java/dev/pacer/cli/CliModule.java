package dev.pacer.cli;

import com.google.inject.AbstractModule;

/** What the operating commands use beyond a node's objects. */
final class CliModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(ItemEditor.class);
    bind(RunNow.class);
  }
}
