package dev.pacer.sync;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.db.Database;
import dev.pacer.db.DbConfig;
import dev.pacer.health.Liveness;
import dev.pacer.health.Readiness;
import dev.pacer.history.HistoryTable;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;

public final class SyncModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(ChecksumFeed.class);
    bind(TriggerFeed.class);
    bind(Reconciler.class);
    bind(SyncLease.class);
    bind(Applier.class);
    bind(Leader.class);
    bind(SyncService.class);
    bind(SyncProbe.class);
    Multibinder.newSetBinder(binder(), SyncListener.class).addBinding().to(SyncProbe.class);
    Multibinder.newSetBinder(binder(), Readiness.class).addBinding().to(SyncProbe.class);
    Multibinder.newSetBinder(binder(), Liveness.class).addBinding().to(SyncProbe.class);
  }

  /** {@code sync.change-capture}, decided here once: nothing else asks which feed it is. */
  @Provides
  @Singleton
  ChangeFeed changeFeed(
      SyncConfig config,
      Provider<ChecksumFeed> checksum,
      Provider<TriggerFeed> triggers,
      HistoryTable history,
      Database database,
      DbConfig db) {
    return switch (config.getChangeCapture()) {
      case AUTO -> new BinlogFeed(history, database, db, checksum.get(), false);
      case BINLOG -> new BinlogFeed(history, database, db, checksum.get(), true);
      case CHECKSUM -> checksum.get();
      case TRIGGERS -> triggers.get();
    };
  }
}
