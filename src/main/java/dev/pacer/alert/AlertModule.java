package dev.pacer.alert;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.node.NodeService;
import dev.pacer.run.RunListener;

public final class AlertModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(AlertLedger.class);
    bind(MemberTable.class);
    bind(Alerts.class);
    bind(MailJob.class);
    Multibinder<Notifier> notifiers = Multibinder.newSetBinder(binder(), Notifier.class);
    notifiers.addBinding().to(WebhookNotifier.class);
    notifiers.addBinding().to(MailNotifier.class);
    Multibinder.newSetBinder(binder(), RunListener.class).addBinding().to(FailureAlerts.class);
    Multibinder<NodeService> services = Multibinder.newSetBinder(binder(), NodeService.class);
    // Alerts stops last (services stop in reverse), so the monitor's last notices still go out.
    services.addBinding().to(Alerts.class);
    services.addBinding().to(AlertMonitor.class);
  }
}
