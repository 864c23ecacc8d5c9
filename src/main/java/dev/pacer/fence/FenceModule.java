package dev.pacer.fence;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.health.Readiness;
import java.time.Clock;

/** Fencing: this node's lease, the items' claims, self-fencing and the cluster's clock. */
public final class FenceModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(ClockSkew.class);
    bind(ClusterClock.class);
    bind(Clock.class).to(ClusterClock.class);
    bind(NodeLease.class);
    bind(Claims.class);
    bind(FireClaims.class);
    bind(SelfFence.class);
    Multibinder.newSetBinder(binder(), FenceListener.class);
    bind(FenceProbe.class);
    Multibinder.newSetBinder(binder(), Readiness.class).addBinding().to(FenceProbe.class);
  }
}
