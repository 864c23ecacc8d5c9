package dev.pacer.node;

/**
 * A part of a node with a life of its own, such as a timer or a registration: started once the node
 * is up (scheduler and sync running), stopped first when it stops, before it leaves the cluster.
 * Features add theirs to the set the {@link Node} starts.
 */
public interface NodeService {
  void start() throws Exception;

  /** Must not throw; called once, and also when {@link #start()} was never called. */
  void stop();
}
