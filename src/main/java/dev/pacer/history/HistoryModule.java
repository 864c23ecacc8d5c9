package dev.pacer.history;

import com.google.inject.AbstractModule;

public final class HistoryModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(HistoryTable.class);
    bind(ChangeLog.class);
  }
}
