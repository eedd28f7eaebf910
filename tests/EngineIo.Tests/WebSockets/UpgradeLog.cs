namespace EngineIo.Tests.WebSockets;

/// <summary>The dense path's log events, to tell which path served a request.</summary>
public sealed class UpgradeLog(LogCapture log)
{
    /// <summary>Upgrades the dense path took so far.</summary>
    public int Taken => log.Count("UpgradeTaken");

    /// <summary>Upgrades the dense path took and then answered with the endpoint's refusal.</summary>
    public int Refused => log.Count("UpgradeRefused");

    /// <summary>Connections the dense path answered itself because their head did not come in time.</summary>
    public int TimedOut => log.Count("HeadTimedOut");
}
