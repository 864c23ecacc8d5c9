package dev.pacer.settings;

import com.google.inject.AbstractModule;

public final class SettingsModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(SettingsTable.class);
    bind(SettingsCache.class);
  }
}
