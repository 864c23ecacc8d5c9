package dev.pacer.db;

import com.google.inject.AbstractModule;

public final class DbModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(Database.class);
    bind(SchemaMigrator.class);
    bind(DatabaseWatch.class);
  }
}
