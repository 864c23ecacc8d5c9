package dev.pacer.run.collector.command;

import dev.pacer.config.ConfigFamily;
import java.util.Map;

/** The commands the command collector may run, declared by name: items pick one by name. */
public final class CommandConfig {
  private Map<String, CommandDefinition> commands = Map.of();

  public Map<String, CommandDefinition> getCommands() {
    return commands;
  }

  @ConfigFamily(
      value = "collector.command",
      description = "Commands the command collector may run; an item's target names one")
  public void setCommands(Map<String, CommandDefinition> commands) {
    this.commands = Map.copyOf(commands);
  }
}
