package dev.pacer.systemd;

import dev.pacer.config.Config;
import dev.pacer.config.Validated;
import java.util.List;

/** How a node talks to systemd when it runs as a {@code Type=notify} service. */
public final class SystemdConfig implements Validated {
  private String notifyCommand = "systemd-notify";

  public String getNotifyCommand() {
    return notifyCommand;
  }

  @Config(
      value = "systemd.notify-command",
      description =
          "Program that passes READY=1, WATCHDOG=1 and STOPPING=1 to systemd; used only when"
              + " systemd sets NOTIFY_SOCKET")
  public void setNotifyCommand(String notifyCommand) {
    this.notifyCommand = notifyCommand.trim();
  }

  @Override
  public void validate(List<String> problems) {
    if (notifyCommand.isEmpty()) {
      problems.add("systemd.notify-command: must name a program");
    }
  }
}
