package dev.pacer.run;

/**
 * Told of every recorded run attempt on this node (metrics, alerts). Called on the run's worker
 * thread after the run is recorded: keep it quick; an exception is logged and ignored.
 */
public interface RunListener {
  void onRun(RunRecord run);
}
