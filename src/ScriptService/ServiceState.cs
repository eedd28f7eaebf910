namespace ScriptService;

/// <summary>Whether the service is draining (the host is stopping): new work is refused from then on.</summary>
internal sealed class ServiceState
{
    private volatile bool _draining;

    public ServiceState(IHostApplicationLifetime lifetime) => lifetime.ApplicationStopping.Register(() => _draining = true);

    public bool IsDraining => _draining;
}
