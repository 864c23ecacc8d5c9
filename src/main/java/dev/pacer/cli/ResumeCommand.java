package dev.pacer.cli;

import picocli.CommandLine.Command;

@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description =
        "Resume a paused item, or all of them (pacer_item.paused = 0); the nodes apply it within a"
            + " sync interval.")
final class ResumeCommand extends PauseCommand {
  @Override
  boolean pausing() {
    return false;
  }
}
